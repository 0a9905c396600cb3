package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shared end-to-end scenarios against the embedded Jetty testbed on Jetty 9.4. */
class Jetty94GracefulShutdownIT extends GracefulShutdownScenarios {
    static final String TESTBED = "testbed-jetty9";

    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar(TESTBED);
    }

    /** Jetty before 12 initializes servlets and loads its request path on the first request. */
    @Override
    protected String warmUpPath() {
        return "/work?ms=0";
    }

    /** The Jetty 12 integration ({@code jetty}) finds its hook points missing here and stands aside silently. */
    @Test
    void theOtherJettyLineStandsAsideWithoutAWarning() throws Exception {
        assertQuietIdleShutdown("jetty9: closed 1 listener(s) on 1 server(s)");
    }
}
