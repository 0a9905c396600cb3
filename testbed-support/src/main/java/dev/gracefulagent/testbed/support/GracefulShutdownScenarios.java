package dev.gracefulagent.testbed.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every container integration must show, end to end: the testbed jar in its own JVM with the
 * built agent, a real SIGTERM, raw sockets on the client side. Each testbed module extends this with its jar.
 */
public abstract class GracefulShutdownScenarios extends ScenarioBase {
    @Test
    void allRequestsInFlightCompleteAndTheJvmExitsZero() throws Exception {
        ServiceProcess service = start(testbed());
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 20, WORK_MS);
        service.sigterm();

        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        int exit = service.awaitExit(EXIT_WAIT);
        assertAllDone(responses, service);
        assertEquals(20 * workPaths().size(), responses.size());
        assertEquals(0, exit, service.stderr().text());
        long lastResponse = responses.stream().mapToLong(TimedResponse::receivedNanos).max().orElseThrow();
        long exitAfterLastMillis = TimeUnit.NANOSECONDS.toMillis(service.exitNanos() - lastResponse);
        assertTrue(exitAfterLastMillis < 1000, "process ended " + exitAfterLastMillis + " ms after the last response");
        assertEquals(responses.size(), Summaries.drainedRequests(service.stderr().lines()), service.stderr().text());
    }

    @Test
    void newConnectionsAreRefusedOnceIntakeStopped() throws Exception {
        ServiceProcess service = start(testbed());
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, 3000);
        service.sigterm();
        service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));

        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", service.port()), 2000);
            }
        });
        assertAllDone(pending.get(60, TimeUnit.SECONDS), service);
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
    }

    /**
     * Behind a reverse proxy, the connections the proxy keeps open are what matters: a request that arrives on
     * one after the signal is served (and told to close), an idle one is closed cleanly once the idle grace is
     * over, new connections are refused. One service start for all of it.
     */
    @Test
    void lateRequestsOnOpenConnectionsAreServedAndIdleOnesClosedAfterTheGrace() throws Exception {
        ServiceProcess service = start(testbed().jvmOption("-Dgraceful.idleGrace=" + IDLE_GRACE_MS + "ms"));
        try (RawHttp idle = RawHttp.connect(service.port()); RawHttp reused = RawHttp.connect(service.port());
             RawHttp late = RawHttp.connect(service.port())) {
            assertEquals(200, idle.exchange("GET", "/work?ms=0").status());
            assertEquals(200, reused.exchange("GET", "/work?ms=0").status());
            // a request whose head is still arriving when the signal comes
            String head = RawHttp.requestHead("GET", "/work?ms=10");
            late.send(head.substring(0, head.length() - 2));
            CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, 3000);

            service.sigterm();
            service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));

            // a proxy reusing its pooled keep-alive connection within the grace: served, and told to close
            assertServedThenClosed(reused.exchange("GET", "/work?ms=10"), reused);
            late.send("\r\n");
            assertServedThenClosed(late.readResponse(), late);
            assertRefusesNewConnections(service);
            assertEquals("eof", idle.awaitClose(), "the idle keep-alive connection must be closed, not reset");
            service.stderr().awaitContains("idle grace over: ", Duration.ofSeconds(10));
            assertTrue(service.stderr().lines().stream().anyMatch(l -> l.contains("idle grace over: ")
                    && l.contains(" closed 1 idle connection(s)")), service.stderr().text());
            assertAllDone(pending.get(60, TimeUnit.SECONDS), service);
        }
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
    }

    /**
     * The idle grace ends as soon as no connection it waits for is left open, not when its time is up: here the
     * last one is an idle keep-alive connection its client closes after the request in flight was answered.
     */
    @Test
    void theIdleGraceEndsWhenItsLastIdleConnectionCloses() throws Exception {
        ServiceProcess service = start(testbed().jvmOption("-Dgraceful.idleGrace=60s"));
        try (RawHttp idle = RawHttp.connect(service.port())) {
            assertEquals(200, idle.exchange("GET", "/work?ms=0").status());
            CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, 1000);
            service.sigterm();
            service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));
            assertAllDone(pending.get(60, TimeUnit.SECONDS), service);
            assertFalse(service.stderr().text().contains("idle grace over"), service.stderr().text());
        }
        // well before the grace's 60 s and the drain's 30 s deadline
        service.stderr().awaitContains("idle grace over: no connection left idle to close", Duration.ofSeconds(15));
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
    }

    @Test
    void withNothingInFlightTheJvmExitsZeroPromptly() throws Exception {
        ServiceProcess service = start(testbed());
        long signalled = System.nanoTime();
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        long millis = TimeUnit.NANOSECONDS.toMillis(service.exitNanos() - signalled);
        assertTrue(millis < 3000, "idle shutdown took " + millis + " ms");
        // the summary names only the kinds of work seen: no request was
        assertTrue(service.stderr().lines().stream().anyMatch(l -> l.contains("summary: drained ")
                && !l.contains("request") && l.endsWith("exit 0")), service.stderr().text());
    }

    @Test
    void pastTheDeadlineTheReportNamesWhatRunsAndTheExitCodeIsOne() throws Exception {
        ServiceProcess service = start(testbed().jvmOption("-Dgraceful.timeout=1s"));
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, 10_000);
        long signalled = System.nanoTime();
        service.sigterm();
        assertEquals(1, service.awaitExit(EXIT_WAIT), service.stderr().text());
        long millis = TimeUnit.NANOSECONDS.toMillis(service.exitNanos() - signalled);
        assertTrue(millis < 4000, "the JVM must end soon after the 1 s deadline, not wait for the request: " + millis);
        String report = service.stderr().lines().stream()
                .filter(l -> l.startsWith("[graceful]") && l.contains(" /work")).findFirst().orElse("");
        assertTrue(report.contains("GET /work"), "stderr must name the running request:\n" + service.stderr().text());
        assertFalse(report.contains("ms=10000"), "the query string stays out of the report: " + report);
        assertTrue(service.stderr().text().contains("age "), service.stderr().text());
        pending.cancel(true);
    }

    @Test
    void aSecondSignalReportsWhatIsInFlightAndRestartsNothing() throws Exception {
        ServiceProcess service = start(testbed());
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, 2500);
        service.signal("INT");
        service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));
        service.sigterm();
        service.stderr().awaitContains("already shutting down", Duration.ofSeconds(10));

        assertAllDone(pending.get(60, TimeUnit.SECONDS), service);
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        long began = service.stderr().lines().stream().filter(l -> l.contains("graceful shutdown begins")).count();
        assertEquals(1, began, service.stderr().text());
    }

    /**
     * True for a testbed whose framework drains on its own without the agent (Spring Boot's default graceful
     * mode): its baseline then shows every request completed but the exit code of a killed JVM.
     */
    protected boolean drainsWithoutTheAgent() {
        return false;
    }

    @Test
    void withoutTheAgentRequestsInFlightAreLost() throws Exception {
        ServiceProcess service = start(testbed().withoutAgent());
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 20, WORK_MS);
        service.sigterm();

        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        int exit = service.awaitExit(EXIT_WAIT);
        long completed = responses.stream().filter(r -> r.response().ok("done")).count();
        if (drainsWithoutTheAgent()) {
            assertEquals(responses.size(), completed, "baseline: the framework's own graceful mode completes them");
        } else {
            assertTrue(completed < responses.size(), "baseline: expected lost requests, all " + completed
                    + " completed");
        }
        assertNotEquals(0, exit, "baseline: a SIGTERMed JVM without the agent exits 143");
    }

    @Test
    void aMalformedSettingStopsStartUpWithOneLine() throws Exception {
        ServiceProcess service = testbed().jvmOption("-Dgraceful.timeout=banana").launch();
        started.add(service);
        int exit = service.awaitExit(EXIT_WAIT);
        assertNotEquals(0, exit);
        assertFalse(service.stdout().text().contains("ready on port"), "the service must not start");
        List<String> lines = service.stderr().lines();
        assertEquals(1, lines.size(), "exactly one line: " + lines);
        assertTrue(lines.get(0).contains("graceful.timeout") && lines.get(0).contains("banana"), lines.get(0));
    }

    /**
     * For testbeds that show it: a request of each work path in flight on a keep-alive connection at the signal
     * is answered with {@code Connection: close}, and its connection then closes.
     */
    protected final void assertResponsesInFlightSayConnectionCloseAndTheirConnectionsClose() throws Exception {
        ServiceProcess service = start(testbed());
        List<RawHttp> connections = new ArrayList<>();
        List<CompletableFuture<String>> outcomes = new ArrayList<>();
        try {
            for (String path : workPaths()) {
                RawHttp http = RawHttp.connect(service.port());
                connections.add(http);
                http.send(RawHttp.requestHead("GET", path + "?ms=" + WORK_MS));
                outcomes.add(CompletableFuture.supplyAsync(() -> responseThenClose(http)));
            }
            TimeUnit.MILLISECONDS.sleep(500);
            service.sigterm();

            for (CompletableFuture<String> outcome : outcomes) {
                String seen = outcome.get(60, TimeUnit.SECONDS);
                assertTrue(seen.startsWith("200 done close"), seen);
                assertTrue(seen.endsWith(" then eof"), seen);
            }
        } finally {
            for (RawHttp http : connections) {
                http.close();
            }
        }
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
    }

    /**
     * For testbeds that show it: requests whose clients went away before the answer still end their count, so
     * nothing is left in flight at the signal.
     */
    protected final void assertARequestWhoseClientWentAwayStillEnds() throws Exception {
        ServiceProcess service = start(testbed().jvmOption("-Dgraceful.timeout=5s"));
        for (String path : workPaths()) {
            try (RawHttp http = RawHttp.connect(service.port())) {
                http.send(RawHttp.requestHead("GET", path + "?ms=500"));
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        TimeUnit.MILLISECONDS.sleep(1500); // the handlers finish and write to connections that are gone
        service.sigterm();

        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        // no request is left in flight: the drain line names only the kinds of work it waits for
        String drain = service.stderr().lines().stream().filter(l -> l.contains("] drain: ")).findFirst().orElse("");
        assertFalse(drain.isEmpty() || drain.contains("request"), service.stderr().text());
    }

    /** "200 done close then eof": status, body, Connection header, and how the connection ended after it. */
    private static String responseThenClose(RawHttp http) {
        try {
            RawHttp.Response response = http.readResponse();
            return response.status() + " " + response.body() + " " + response.header("Connection") + " then "
                    + http.awaitClose();
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private static void assertAllDone(List<TimedResponse> responses, ServiceProcess service) {
        List<TimedResponse> failed = responses.stream().filter(r -> !r.response().ok("done")).toList();
        assertTrue(failed.isEmpty(), "failed responses: " + failed + "\n" + service.stderr().text());
    }
}
