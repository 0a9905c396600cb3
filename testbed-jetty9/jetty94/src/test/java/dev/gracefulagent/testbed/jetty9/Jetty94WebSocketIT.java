package dev.gracefulagent.testbed.jetty9;

/**
 * WebSocket sessions across a SIGTERM on Jetty 9.4, JSR-356 ({@code javax.websocket}) and Jetty's own API, with
 * the no-agent baseline.
 */
class Jetty94WebSocketIT extends JettyLineWebSocketScenarios {
    Jetty94WebSocketIT() {
        super("testbed-jetty9", true);
    }
}
