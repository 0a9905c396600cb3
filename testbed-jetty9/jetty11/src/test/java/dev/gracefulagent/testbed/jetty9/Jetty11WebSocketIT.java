package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.support.Jdks;
import dev.gracefulagent.testbed.support.ServiceProcess;

/**
 * WebSocket sessions across a SIGTERM on Jetty 11, JSR-356 ({@code jakarta.websocket}) and Jetty's own API. The
 * testbed runs on JDK 25 where there is one (Jetty 10, on the build JDK, has the same hook points): JDK 25 is
 * covered without a JVM start of its own.
 */
class Jetty11WebSocketIT extends JettyLineWebSocketScenarios {
    Jetty11WebSocketIT() {
        super("testbed-jetty11", false);
    }

    @Override
    protected ServiceProcess.Builder configure(ServiceProcess.Builder builder) {
        return Jdks.java25().map(builder::javaHome).orElse(builder);
    }
}
