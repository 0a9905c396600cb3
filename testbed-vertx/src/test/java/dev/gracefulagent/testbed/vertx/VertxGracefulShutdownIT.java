package dev.gracefulagent.testbed.vertx;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shared end-to-end scenarios against testbed-vertx (blocking work on Vert.x's worker pool, timer-based work on
 * the event loop), and what Netty needs shown besides: responses in flight say {@code Connection: close} and their
 * connection closes after them, and a request whose client went away still ends its count. WebSockets: see
 * {@link VertxWebSocketIT}.
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
    void aRequestArrivingAtTheSignalIsServed() throws Exception {
        assertARequestArrivingAtTheSignalIsServed();
    }

    @Test
    void aRequestOnAConnectionAcceptedAtTheSignalIsServed() throws Exception {
        assertARequestOnAConnectionAcceptedAtTheSignalIsServed();
    }

    @Test
    void aRequestWhoseClientWentAwayStillEnds() throws Exception {
        assertARequestWhoseClientWentAwayStillEnds();
    }
}
