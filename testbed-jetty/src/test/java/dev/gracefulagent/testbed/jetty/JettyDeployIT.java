package dev.gracefulagent.testbed.jetty;

import dev.gracefulagent.testbed.support.DeployScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** Exit paths, pre-stop delay, readiness and attach against testbed-jetty. */
class JettyDeployIT extends DeployScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-jetty");
    }
}
