package dev.gracefulagent.testbed.jetty9;

/** The shared end-to-end scenarios against the embedded Jetty testbed on Jetty 11. */
class Jetty11GracefulShutdownIT extends JettyLineScenarios {
    Jetty11GracefulShutdownIT() {
        super("testbed-jetty11");
    }
}
