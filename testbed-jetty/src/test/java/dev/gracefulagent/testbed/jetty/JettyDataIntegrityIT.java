package dev.gracefulagent.testbed.jetty;

import dev.gracefulagent.testbed.support.DataIntegrityScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** No transaction lost on SIGTERM, testbed-jetty against a fresh embedded H2 file database per test. */
class JettyDataIntegrityIT extends DataIntegrityScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-jetty");
    }
}
