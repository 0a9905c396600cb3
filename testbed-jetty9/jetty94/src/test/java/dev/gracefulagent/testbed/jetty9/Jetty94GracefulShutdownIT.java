package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** The shared end-to-end scenarios against the embedded Jetty testbed on Jetty 9.4. */
class Jetty94GracefulShutdownIT extends GracefulShutdownScenarios {
    static final String TESTBED = "testbed-jetty9";

    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar(TESTBED);
    }
}
