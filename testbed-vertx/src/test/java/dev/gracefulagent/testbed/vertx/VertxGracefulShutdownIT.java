package dev.gracefulagent.testbed.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import dev.gracefulagent.testbed.support.WsClient;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shared end-to-end scenarios against testbed-vertx (blocking work on Vert.x's worker pool, timer-based work on
 * the event loop), and what Netty needs shown besides: responses in flight say {@code Connection: close} and their
 * connection closes after them, a request whose client went away still ends its count, and a WebSocket session is
 * not taken for an idle HTTP connection.
 */
class VertxGracefulShutdownIT extends GracefulShutdownScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-vertx");
    }

    @Override
    protected int warmUpConnections() {
        return 8; // each event loop
    }

    @Test
    void responsesInFlightSayConnectionCloseAndTheirConnectionsClose() throws Exception {
        assertResponsesInFlightSayConnectionCloseAndTheirConnectionsClose();
    }

    @Test
    void aRequestWhoseClientWentAwayStillEnds() throws Exception {
        assertARequestWhoseClientWentAwayStillEnds();
    }

    /**
     * An upgraded connection speaks WebSocket, not HTTP/1: stop intake must not close it as an idle keep-alive
     * connection. The session still echoes while the drain runs.
     */
    @Test
    void aWebSocketSessionIsNotClosedAsAnIdleHttpConnection() throws Exception {
        ServiceProcess service = start(testbed());
        WsClient session = WsClient.open(HttpClient.newHttpClient(), service.port(), "/ws/echo")
                .get(10, TimeUnit.SECONDS);
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, 3000);
        service.sigterm();
        service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));

        session.send("still there");
        assertEquals("still there", session.awaitFirstMessage(Duration.ofSeconds(5)), service.stderr().text());
        assertTrue(pending.get(60, TimeUnit.SECONDS).stream().allMatch(r -> r.response().ok("done")));
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
    }
}
