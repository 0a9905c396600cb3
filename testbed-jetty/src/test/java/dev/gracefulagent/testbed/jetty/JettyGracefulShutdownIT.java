package dev.gracefulagent.testbed.jetty;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** The shared end-to-end scenarios against testbed-jetty. */
class JettyGracefulShutdownIT extends GracefulShutdownScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-jetty");
    }
}
