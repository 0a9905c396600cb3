package dev.gracefulagent.testbed.undertow;

import dev.gracefulagent.testbed.support.DataIntegrityScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** No transaction lost on SIGTERM, testbed-undertow against a fresh embedded H2 file database per test. */
class UndertowDataIntegrityIT extends DataIntegrityScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-undertow");
    }
}
