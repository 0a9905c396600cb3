package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shared end-to-end scenarios against the embedded Jetty testbed, built for one Jetty line before 12. */
abstract class JettyLineScenarios extends GracefulShutdownScenarios {
    private final String testbed;

    /** @param testbed the name of the line's testbed jar, e.g. "testbed-jetty10" */
    JettyLineScenarios(String testbed) {
        this.testbed = testbed;
    }

    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar(testbed);
    }

    @Test
    void aRequestArrivingAtTheSignalIsServed() throws Exception {
        assertARequestArrivingAtTheSignalIsServed();
    }

    /** Jetty before 12 initializes servlets and loads its request path on the first request. */
    @Override
    protected String warmUpPath() {
        return "/work?ms=0";
    }
}
