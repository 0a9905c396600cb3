package dev.gracefulagent.testbed.undertow;

import dev.gracefulagent.testbed.support.ServiceProcess;
import dev.gracefulagent.testbed.support.WebSocketScenarios;
import java.nio.file.Path;

/**
 * WebSocket sessions across a SIGTERM on testbed-undertow (Undertow 2.3, core WebSocket API). Undertow runs
 * message handlers on the connection's I/O thread, so the agent queues each close on that thread instead of
 * counting handlers.
 */
class UndertowWebSocketIT extends WebSocketScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-undertow");
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
