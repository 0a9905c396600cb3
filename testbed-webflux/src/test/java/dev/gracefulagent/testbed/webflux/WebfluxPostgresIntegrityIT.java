package dev.gracefulagent.testbed.webflux;

import dev.gracefulagent.testbed.support.DataIntegrityScenarios;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The same against the PostgreSQL on this machine; TESTBED_POSTGRES=true switches it on. */
@EnabledIfSystemProperty(named = "testbed.postgres", matches = "true")
class WebfluxPostgresIntegrityIT extends WebfluxDataIntegrityIT {
    @Override
    protected Map<String, String> database(String testName) {
        return DataIntegrityScenarios.postgres();
    }
}
