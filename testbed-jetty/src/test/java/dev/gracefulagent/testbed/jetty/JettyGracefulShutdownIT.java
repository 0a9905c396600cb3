package dev.gracefulagent.testbed.jetty;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shared end-to-end scenarios against testbed-jetty. */
class JettyGracefulShutdownIT extends GracefulShutdownScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-jetty");
    }

    @Test
    void aRequestArrivingAtTheSignalIsServed() throws Exception {
        assertARequestArrivingAtTheSignalIsServed();
    }

    /**
     * The Jetty 9.4 to 11 integration ({@code jetty9}) finds its hook points missing here and stands aside
     * without a word.
     */
    @Test
    void theOtherJettyLineStandsAsideWithoutAWarning() throws Exception {
        assertQuietIdleShutdown("jetty: closed 1 listener(s) on 1 server(s)");
    }
}
