package dev.gracefulagent.testbed.jetty;

import dev.gracefulagent.testbed.support.ServiceProcess;
import dev.gracefulagent.testbed.support.WebSocketScenarios;
import java.nio.file.Path;

/** WebSocket sessions across a SIGTERM on testbed-jetty: JSR-356 (/ws/echo) and Jetty's own API (/ws/ticker). */
class JettyWebSocketIT extends WebSocketScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-jetty");
    }
}
