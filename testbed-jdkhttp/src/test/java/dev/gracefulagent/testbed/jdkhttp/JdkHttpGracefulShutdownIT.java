package dev.gracefulagent.testbed.jdkhttp;

import dev.gracefulagent.testbed.support.Summaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.Baselines;
import dev.gracefulagent.testbed.support.RawHttp;
import dev.gracefulagent.testbed.support.ScenarioBase;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JDK's own HttpServer under the agent, end to end: exchanges in flight complete with a thread pool and
 * with no executor at all, new connections are refused, a late request on an open connection served, idle
 * connections closed after the idle grace, the agent's own health
 * endpoint (the same server class) untouched; the server loaded into a module layer of the service's own; and the
 * baseline without the agent.
 */
class JdkHttpGracefulShutdownIT extends ScenarioBase {
    private static final int IN_FLIGHT = 10;

    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-jdkhttp");
    }

    @Override
    protected List<String> workPaths() {
        return List.of("/work");
    }

    /**
     * The server loaded into a module layer the service defines (SERVER_LAYER=own), as a plugin host loads its
     * plugins' modules: its classes are woven as that layer's loader defines them, their hooks must still reach
     * the agent (a named module reads the agent's bridge only when the agent lets it) and the agent the server's
     * internals (that module is not the boot layer's jdk.httpserver the agent opened at start-up).
     */
    @Test
    void aServerInAModuleLayerOfTheServicesOwnIsDrainedLikeAnyOther() throws Exception {
        ServiceProcess service = start(testbed().env("SERVER_LAYER", "own").env("EXECUTOR", "pool"));
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, WORK_MS);
        service.sigterm();
        service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));

        assertRefusesNewConnections(service);
        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        assertTrue(responses.stream().allMatch(r -> r.response().ok("done")), responses + service.stderr().text());
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
    }

    @Test
    void withAThreadPoolEveryExchangeCompletesNewConnectionsAreRefusedAndTheExitCodeIsZero() throws Exception {
        int health = ServiceProcess.freePort();
        ServiceProcess service = start(testbed().env("EXECUTOR", "pool")
                .jvmOption("-Dgraceful.health.port=" + health).jvmOption("-Dgraceful.health.bind=127.0.0.1")
                .jvmOption("-Dgraceful.idleGrace=" + IDLE_GRACE_MS + "ms"));
        try (RawHttp idle = RawHttp.connect(service.port()); RawHttp reused = RawHttp.connect(service.port())) {
            assertEquals(200, idle.exchange("GET", "/work?ms=0").status());
            assertEquals(200, reused.exchange("GET", "/work?ms=0").status());
            CompletableFuture<List<TimedResponse>> pending = inFlight(service, IN_FLIGHT, WORK_MS);
            service.sigterm();
            service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));

            // a proxy reusing its pooled keep-alive connection within the idle grace: served, and told to close
            assertServedThenClosed(reused.exchange("GET", "/work?ms=10"), reused);
            assertRefusesNewConnections(service);
            // while the drain runs: once the grace is over the drain may be too, and the process gone
            assertEquals(503, RawHttp.get(health, "/ready").status(), "the health endpoint still answers");
            assertEquals("eof", idle.awaitClose(), "the idle keep-alive connection must be closed after the grace");
            List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
            assertEquals(IN_FLIGHT, completed(responses), responses + "\n" + service.stderr().text());
            for (TimedResponse response : responses) {
                assertTrue(response.response().header("Connection").toLowerCase().contains("close"),
                        response.toString());
            }
        }
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        // and the late request
        assertEquals(IN_FLIGHT + 1, Summaries.drainedRequests(service.stderr().lines()), service.stderr().text());
        service.stderr().awaitContains("jdkhttp: closed 1 listener(s) on 1 server(s)", Duration.ZERO);
        service.stderr().awaitContains("idle grace over: jdkhttp: closed 1 idle connection(s)", Duration.ZERO);
    }

    /**
     * With no executor the server runs one handler at a time on its dispatcher thread: a request that arrived on
     * an open connection while another ran waits for it, and completes too.
     */
    @Test
    void withNoExecutorTheRunningExchangeAndTheOnesWaitingBehindItComplete() throws Exception {
        ServiceProcess service = start(testbed());
        List<RawHttp> connections = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawHttp connection = RawHttp.connect(service.port());
                connections.add(connection);
                assertEquals(200, connection.exchange("GET", "/work?ms=0").status());
            }
            connections.get(0).send(RawHttp.requestHead("GET", "/work?ms=" + WORK_MS));
            TimeUnit.MILLISECONDS.sleep(300);
            connections.get(1).send(RawHttp.requestHead("GET", "/work?ms=10"));
            connections.get(2).send(RawHttp.requestHead("GET", "/work?ms=10"));
            TimeUnit.MILLISECONDS.sleep(300);
            service.sigterm();

            for (RawHttp connection : connections) {
                RawHttp.Response response = connection.readResponse();
                assertTrue(response.ok("done"), response + "\n" + service.stderr().text());
                assertTrue(response.header("Connection").toLowerCase().contains("close"), response.toString());
            }
        } finally {
            for (RawHttp connection : connections) {
                connection.close();
            }
        }
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        assertEquals(3, Summaries.drainedRequests(service.stderr().lines()), service.stderr().text());
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
    void pastTheDeadlineTheReportNamesTheExchangeAndTheExitCodeIsOne() throws Exception {
        ServiceProcess service = start(testbed().env("EXECUTOR", "pool").jvmOption("-Dgraceful.timeout=1s"));
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, 10_000);
        service.sigterm();
        assertEquals(1, service.awaitExit(EXIT_WAIT), service.stderr().text());
        assertTrue(service.stderr().text().contains("exchange from /127.0.0.1:"), service.stderr().text());
        pending.cancel(true);
    }

    @Test
    void withoutTheAgentExchangesInFlightAreLost() throws Exception {
        assertLosesExchangesInFlight(start(testbed().withoutAgent().env("EXECUTOR", "pool")));
    }

    /** {@code graceful.enabled=false}: one line saying so, and then the JVM behaves as without the agent. */
    @Test
    void aDisabledAgentSaysSoOnceAndLeavesTheShutdownAsWithoutIt() throws Exception {
        ServiceProcess service = start(testbed().agentArguments("enabled=false").env("EXECUTOR", "pool"));
        assertLosesExchangesInFlight(service);
        List<String> agentLines = service.stderr().text().lines().filter(line -> line.startsWith("[graceful]"))
                .toList();
        assertEquals(List.of("[graceful] disabled by graceful.enabled=false"), agentLines);
    }

    private void assertLosesExchangesInFlight(ServiceProcess service) throws Exception {
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, IN_FLIGHT, WORK_MS);
        service.sigterm();
        long completed = completed(pending.get(60, TimeUnit.SECONDS));
        int exit = service.awaitExit(EXIT_WAIT);
        assertTrue(completed < IN_FLIGHT, "baseline: expected lost exchanges, all " + completed + " completed");
        Baselines.assertEndedAsKilled(exit, service.stderr().text());
    }

    private static long completed(List<TimedResponse> responses) {
        return responses.stream().filter(r -> r.response().ok("done")).count();
    }
}
