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

    @Test
    void idleKeepAliveConnectionsAreClosedAndLateRequestsGet503() throws Exception {
        ServiceProcess service = start(testbed());
        try (RawHttp idle = RawHttp.connect(service.port()); RawHttp late = RawHttp.connect(service.port())) {
            assertEquals(200, idle.exchange("GET", "/work?ms=0").status());
            // a request whose head is still arriving when the signal comes
            String head = RawHttp.requestHead("GET", "/work?ms=10");
            late.send(head.substring(0, head.length() - 2));
            CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, 3000);

            service.sigterm();
            service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));

            assertEquals("eof", idle.awaitClose(), "the idle keep-alive connection must be closed, not reset");
            late.send("\r\n");
            RawHttp.Response rejected = late.readResponse();
            assertEquals(503, rejected.status(), rejected.toString());
            assertTrue(rejected.header("Connection").toLowerCase().contains("close"), rejected.toString());
            assertEquals("eof", late.awaitClose());
            assertAllDone(pending.get(60, TimeUnit.SECONDS), service);
        }
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
        String report = service.stderr().lines().stream().filter(l -> l.contains("/work")).findFirst().orElse("");
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

    @Test
    void withoutTheAgentRequestsInFlightAreLost() throws Exception {
        ServiceProcess service = start(testbed().withoutAgent());
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 20, WORK_MS);
        service.sigterm();

        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        int exit = service.awaitExit(EXIT_WAIT);
        long completed = responses.stream().filter(r -> r.response().ok("done")).count();
        assertTrue(completed < responses.size(), "baseline: expected lost requests, all " + completed + " completed");
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

    private static void assertAllDone(List<TimedResponse> responses, ServiceProcess service) {
        List<TimedResponse> failed = responses.stream().filter(r -> !r.response().ok("done")).toList();
        assertTrue(failed.isEmpty(), "failed responses: " + failed + "\n" + service.stderr().text());
    }
}
