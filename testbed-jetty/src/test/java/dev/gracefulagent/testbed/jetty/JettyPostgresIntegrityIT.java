package dev.gracefulagent.testbed.jetty;

import dev.gracefulagent.testbed.support.DataIntegrityScenarios;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The same against the PostgreSQL on this machine; TESTBED_POSTGRES=true (or -Dtestbed.postgres=true) switches it on. */
@EnabledIfSystemProperty(named = "testbed.postgres", matches = "true")
class JettyPostgresIntegrityIT extends JettyDataIntegrityIT {
    @Override
    protected Map<String, String> database(String testName) {
        return DataIntegrityScenarios.postgres();
    }
}
