package dev.gracefulagent.testbed.jetty9;

/** WebSocket sessions across a SIGTERM on Jetty 10, JSR-356 ({@code javax.websocket}) and Jetty's own API. */
class Jetty10WebSocketIT extends JettyLineWebSocketScenarios {
    Jetty10WebSocketIT() {
        super("testbed-jetty10", false);
    }
}
