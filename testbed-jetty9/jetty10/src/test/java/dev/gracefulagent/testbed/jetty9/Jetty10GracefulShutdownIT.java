package dev.gracefulagent.testbed.jetty9;

/** The shared end-to-end scenarios against the embedded Jetty testbed on Jetty 10. */
class Jetty10GracefulShutdownIT extends JettyLineScenarios {
    Jetty10GracefulShutdownIT() {
        super("testbed-jetty10");
    }
}
