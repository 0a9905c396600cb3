package dev.gracefulagent.testbed.undertow;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import java.util.List;

/** The shared end-to-end scenarios against testbed-undertow: servlet, async servlet and plain handler requests. */
class UndertowGracefulShutdownIT extends GracefulShutdownScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-undertow");
    }

    @Override
    protected List<String> workPaths() {
        return List.of("/work", "/async", "/plain");
    }
}
