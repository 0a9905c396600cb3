package dev.gracefulagent.testbed.tomcat;

import dev.gracefulagent.testbed.support.ServiceProcess;
import dev.gracefulagent.testbed.support.WebSocketScenarios;
import java.nio.file.Path;

/**
 * WebSocket sessions across a SIGTERM on the embedded Tomcat testbed on Tomcat 10.1: /ws/echo and /ws/ticker
 * through JSR-356 ({@code jakarta.websocket}).
 */
class Tomcat10WebSocketIT extends WebSocketScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-tomcat10");
    }
}
