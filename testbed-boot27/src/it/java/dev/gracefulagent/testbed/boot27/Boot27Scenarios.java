package dev.gracefulagent.testbed.boot27;

import dev.gracefulagent.testbed.support.Baselines;
import dev.gracefulagent.testbed.support.Summaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.H2Connection;
import dev.gracefulagent.testbed.support.Http2InFlight;
import dev.gracefulagent.testbed.support.ScenarioBase;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Spring Boot 2.7 service with 10 requests of 1.5 s in flight at SIGTERM, as issue 13 found it on Jetty 9.4:
 * with Boot's default settings and with {@code server.shutdown=graceful} (and HTTP/2 where the starter serves h2c),
 * with the agent and without it. Each starter module runs these against its own executable jar.
 */
public abstract class Boot27Scenarios extends ScenarioBase {
    private static final int IN_FLIGHT = 10;
    private static final String BOOT_GRACEFUL = "-Dserver.shutdown=graceful";
    private static final int H2_STREAMS = 5;

    /**
     * Whether Boot's default (immediate) stop of this container completes the requests in flight by itself: Tomcat
     * waits for its worker threads as its connectors stop; Jetty and Undertow cut them.
     */
    protected boolean bootAloneCompletesRequestsInFlight() {
        return false;
    }

    /** Spring's dispatcher servlet initializes on the first request. */
    @Override
    protected String warmUpPath() {
        return "/work?ms=0";
    }

    @Override
    protected List<String> workPaths() {
        return List.of("/work");
    }

    @Test
    void withDefaultSettingsEveryRequestCompletesNewConnectionsAreRefusedAndTheExitCodeIsZero() throws Exception {
        drainsWithTheAgent(testbed(), false);
    }

    /**
     * Whether this starter serves h2c (prior knowledge and upgrade) on its port with {@code server.http2.enabled}
     * and no TLS: then the run with Boot's graceful shutdown has HTTP/2 on too, and streams in flight besides.
     */
    protected boolean servesH2c() {
        return false;
    }

    /** Whether the container sends its GOAWAY at stop intake: see {@link Http2InFlight}. */
    protected boolean goAwayAtStopIntake() {
        return true;
    }

    @Test
    void withBootsGracefulShutdownEveryRequestCompletesNewConnectionsAreRefusedAndTheExitCodeIsZero()
            throws Exception {
        drainsWithTheAgent(testbed().jvmOption(BOOT_GRACEFUL).jvmOption("-Dserver.http2.enabled=" + servesH2c()),
                servesH2c());
    }

    @Test
    void withoutTheAgentDefaultSettingsExitAsKilledAndOnJettyAndUndertowLoseTheRequestsInFlight() throws Exception {
        ServiceProcess service = start(testbed().withoutAgent());
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, IN_FLIGHT, WORK_MS);
        service.sigterm();
        long completed = completed(pending.get(60, TimeUnit.SECONDS));
        int exit = service.awaitExit(EXIT_WAIT);
        if (bootAloneCompletesRequestsInFlight()) {
            assertEquals(IN_FLIGHT, completed, "baseline: this container's own stop completes them");
        } else {
            assertTrue(completed < IN_FLIGHT, "baseline: expected lost requests, all " + completed + " completed");
        }
        Baselines.assertEndedAsKilled(exit, service.stderr().text());
    }

    /** Boot's own graceful mode completes them, but the process still ends as killed by the signal. */
    @Test
    void withoutTheAgentBootsGracefulShutdownExitsAsKilled() throws Exception {
        ServiceProcess service = start(testbed().withoutAgent().jvmOption(BOOT_GRACEFUL));
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, IN_FLIGHT, WORK_MS);
        service.sigterm();
        long completed = completed(pending.get(60, TimeUnit.SECONDS));
        int exit = service.awaitExit(EXIT_WAIT);
        Baselines.assertEndedAsKilled(exit, "Boot's graceful mode alone; " + completed + "/" + IN_FLIGHT
                + " completed\n" + service.stderr().text());
    }

    /**
     * 10 requests in flight at SIGTERM complete, new connections are refused, exit 0. With HTTP/2 on, also streams
     * in flight on an h2c connection by prior knowledge and on one by upgrade (see {@link Http2InFlight}).
     */
    private void drainsWithTheAgent(ServiceProcess.Builder builder, boolean http2On) throws Exception {
        ServiceProcess service = start(builder);
        String work = "/work?ms=" + WORK_MS;
        List<H2Connection> connections = new ArrayList<>();
        try {
            if (http2On) {
                connections.add(H2Connection.plain(service.port()));
                connections.add(H2Connection.upgrade(service.port(), work));
            }
            // the streams first, so the server has read them by the signal even on a busy machine: a connection whose
            // streams Undertow has not read yet is idle to it, closed at stop intake with its GOAWAY
            Http2InFlight http2 = new Http2InFlight(connections, work, H2_STREAMS, goAwayAtStopIntake());
            CompletableFuture<List<TimedResponse>> pending = inFlight(service, IN_FLIGHT, WORK_MS);
            service.sigterm();
            service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));
            assertRefusesNewConnections(service);
            http2.openLateStreams(service);
            http2.assertCompletedAndLateOnesRefused(service);

            List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
            int exit = service.awaitExit(EXIT_WAIT);
            assertEquals(IN_FLIGHT, completed(responses), responses + "\n" + service.stderr().text());
            assertEquals(0, exit, service.stderr().text());
            assertEquals(IN_FLIGHT + http2.streams(), Summaries.drainedRequests(service.stderr().lines()),
                    service.stderr().text());
        } finally {
            for (H2Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static long completed(List<TimedResponse> responses) {
        return responses.stream().filter(r -> r.response().ok("done")).count();
    }
}
