package dev.gracefulagent.testbed.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gracefulagent.testbed.support.ServiceProcess;
import dev.gracefulagent.testbed.support.WebSocketScenarios;
import dev.gracefulagent.testbed.support.WsClient;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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

    /**
     * A handler holding the event loop longer than stop intake waits for the loops (2 s): stop intake looks for
     * idle HTTP/1 connections only, so the upgraded session is not queued for a check behind the handler, and no
     * connection is reported unchecked. (Five thousand sessions on one loop did that with their close frames.)
     */
    @Test
    void aSessionHoldingItsEventLoopIsNotCheckedForIdleness() throws Exception {
        ServiceProcess service = start(testbed());
        WsClient busy = WsClient.open(HttpClient.newBuilder().executor(clients).build(), service.port(),
                "/ws/echo?ms=3000").join();
        busy.send("holds the loop");
        TimeUnit.MILLISECONDS.sleep(300);
        service.sigterm();

        WsClient.Ending ending = busy.ending().get(15, TimeUnit.SECONDS);
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        assertEquals(1001, ending.code());
        assertEquals(List.of("holds the loop"), ending.messagesBefore());
        assertFalse(service.stderr().text().contains("not checked for idleness"), service.stderr().text());
    }
}
