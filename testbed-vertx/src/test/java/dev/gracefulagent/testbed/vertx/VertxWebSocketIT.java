package dev.gracefulagent.testbed.vertx;

import dev.gracefulagent.testbed.support.ServiceProcess;
import dev.gracefulagent.testbed.support.WebSocketScenarios;
import java.nio.file.Path;

/**
 * WebSocket sessions across a SIGTERM on testbed-vertx (Vert.x 5 on Netty's WebSocket codec). Vert.x runs message
 * handlers on the connection's event loop, so the agent queues each close on that loop instead of counting
 * handlers; a message queued behind another session's handler on the same loop is not running yet, so the test
 * keeps to one handler in flight.
 */
class VertxWebSocketIT extends WebSocketScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-vertx");
    }

    @Override
    protected int handlersInFlight() {
        return 1;
    }

    @Override
    protected boolean countsRunningHandlers() {
        return false;
    }
}
