package dev.gracefulagent.testbed.webflux;

import dev.gracefulagent.testbed.support.DataIntegrityScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** No transaction lost on SIGTERM, testbed-webflux against a fresh embedded H2 file database per test. */
class WebfluxDataIntegrityIT extends DataIntegrityScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-webflux");
    }
}
