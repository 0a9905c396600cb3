package dev.gracefulagent.testbed.undertow;

import dev.gracefulagent.testbed.support.DeployScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import java.util.List;

/** Exit paths, pre-stop delay, readiness, JMX and attach against testbed-undertow. */
class UndertowDeployIT extends DeployScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-undertow");
    }

    @Override
    protected List<String> workPaths() {
        return List.of("/work", "/async", "/plain");
    }
}
