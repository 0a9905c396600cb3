package dev.gracefulagent.testbed.webflux;

import dev.gracefulagent.testbed.support.ServiceProcess;
import dev.gracefulagent.testbed.support.WebSocketScenarios;
import java.nio.file.Path;

/**
 * WebSocket sessions across a SIGTERM on testbed-webflux (Spring WebFlux's WebSocket API on Reactor Netty, on
 * Netty's WebSocket codec). Reactor Netty hands each received message over on the connection's event loop, so
 * the agent queues each close on that loop instead of counting handlers; the test keeps to one handler in flight
 * (another session's message on the same loop would queue behind it).
 */
class WebfluxWebSocketIT extends WebSocketScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-webflux");
    }

    @Override
    protected int handlersInFlight() {
        return 1;
    }

    @Override
    protected boolean countsRunningHandlers() {
        return false;
    }

    /** Without the agent Boot's graceful stop waits for the open sessions, for its 30 s timeout: too slow here. */
    @Override
    protected boolean runsBaseline() {
        return false;
    }
}
