package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** The shared end-to-end scenarios against the embedded Jetty testbed on Jetty 10. */
class Jetty10GracefulShutdownIT extends GracefulShutdownScenarios {
    static final String TESTBED = "testbed-jetty10";

    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar(TESTBED);
    }

    /** Jetty before 12 initializes servlets and loads its request path on the first request. */
    @Override
    protected String warmUpPath() {
        return "/work?ms=0";
    }
}
