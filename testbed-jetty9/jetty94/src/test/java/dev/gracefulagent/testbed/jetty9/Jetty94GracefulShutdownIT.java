package dev.gracefulagent.testbed.jetty9;

import org.junit.jupiter.api.Test;

/** The shared end-to-end scenarios against the embedded Jetty testbed on Jetty 9.4. */
class Jetty94GracefulShutdownIT extends JettyLineScenarios {
    static final String TESTBED = "testbed-jetty9";

    Jetty94GracefulShutdownIT() {
        super(TESTBED);
    }

    /** The Jetty 12 integration ({@code jetty}) finds its hook points missing here and stands aside silently. */
    @Test
    void theOtherJettyLineStandsAsideWithoutAWarning() throws Exception {
        assertQuietIdleShutdown("jetty9: closed 1 listener(s) on 1 server(s)");
    }
}
