package dev.gracefulagent.testbed.webflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import dev.gracefulagent.testbed.support.Summaries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shared end-to-end scenarios against testbed-webflux (Spring Boot 3.5 WebFlux on Reactor Netty, Boot's
 * default graceful mode on): blocking work on Reactor's bounded elastic scheduler and timers on the event loop. Its
 * baseline completes the requests through Boot's own graceful stop, but exits 143. With the agent, Boot's graceful
 * stop runs after the agent's drain, finds nothing left, and the event loops end without their 2 s quiet period.
 */
class WebfluxGracefulShutdownIT extends GracefulShutdownScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-webflux");
    }

    @Override
    protected boolean drainsWithoutTheAgent() {
        return true;
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

    @Test
    void bootsOwnGracefulStopRunsAfterTheDrainAndFindsNothingLeft() throws Exception {
        ServiceProcess service = start(testbed());
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 5, WORK_MS);
        service.sigterm();

        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        assertTrue(responses.stream().allMatch(r -> r.response().ok("done")), responses.toString());
        assertEquals(responses.size(), Summaries.drainedRequests(service.stderr().lines()), service.stderr().text());
        service.stdout().awaitContains("Graceful shutdown complete", Duration.ZERO);
        assertFalse(service.stdout().text().contains("Graceful shutdown aborted"), service.stdout().text());
    }

    /**
     * A service whose requests reached only some of its event loops: the loops that served none belong to the
     * same group, and Boot's stop of that group after the drain must not keep their 2 s quiet period either.
     */
    @Test
    void eventLoopsThatServedNoRequestEndWithoutTheirQuietPeriod() throws Exception {
        ServiceProcess service = testbed().start(); // no warm-up: one request reaches one loop
        try {
            assertTrue(dev.gracefulagent.testbed.support.RawHttp.get(service.port(), "/work?ms=0").ok("done"));
            assertBootStopsTheEventLoopsWithoutTheirQuietPeriod(service);
        } finally {
            service.close();
        }
    }

    /** A service nobody called: its server was closed as never used, and its loops have nothing to wait for. */
    @Test
    void aServiceThatServedNoRequestEndsWithoutTheQuietPeriod() throws Exception {
        ServiceProcess service = testbed().start();
        try {
            assertBootStopsTheEventLoopsWithoutTheirQuietPeriod(service);
        } finally {
            service.close();
        }
    }

    private static void assertBootStopsTheEventLoopsWithoutTheirQuietPeriod(ServiceProcess service)
            throws Exception {
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        long hooksMillis = service.stderr().lines().stream()
                .filter(line -> line.startsWith("[graceful] application hooks done in "))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D+(\\d+) ms.*", "$1")))
                .findFirst().orElseThrow();
        assertTrue(hooksMillis < 1000, "Boot's stop of the event loops took " + hooksMillis + " ms\n"
                + service.stderr().text());
    }
}
