package dev.gracefulagent.testbed.vertx;

import dev.gracefulagent.testbed.support.DataIntegrityScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** No transaction lost on SIGTERM, testbed-vertx against a fresh embedded H2 file database per test. */
class VertxDataIntegrityIT extends DataIntegrityScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-vertx");
    }
}
