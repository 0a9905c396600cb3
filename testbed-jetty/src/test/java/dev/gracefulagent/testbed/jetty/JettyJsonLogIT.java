package dev.gracefulagent.testbed.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gracefulagent.testbed.support.LocalJmx;
import dev.gracefulagent.testbed.support.RawHttp;
import dev.gracefulagent.testbed.support.ScenarioBase;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

/**
 * {@code graceful.log.format=json} end to end: every line testbed-jetty's stderr carries (only the agent writes
 * there; the testbed logs to stdout) is parsed by a real JSON parser, and the events, their fields, counts and exit
 * code are checked for a complete drain and for a deadline. Hostile text reaches the writer from outside: a request
 * path with a quote, a backslash, non-ASCII and an emoji (Jetty reports the raw path, so percent-encoded characters
 * stay encoded there), and an unknown GRACEFUL_ environment variable whose name holds a newline, a tab and other
 * control characters, named in a start-up warning.
 */
class JettyJsonLogIT extends ScenarioBase {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** As Jetty reports it: the method and the raw path with its path parameter, without the query. */
    private static final String HOSTILE_PATH = "/work;p=\"q\"\\\u00e9\ud83d\ude00";
    private static final String HOSTILE_VARIABLE = "GRACEFUL_\"X\"\\\n\t\u0001\u001b\u007f\u00e9";

    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-jetty");
    }

    /** JMX on, to see when the server has taken the requests (a loaded machine may take its time). */
    private ServiceProcess.Builder jsonTestbed() {
        return testbed().env("GRACEFUL_LOG_FORMAT", "json").env("GRACEFUL_JMX", "true").env(HOSTILE_VARIABLE, "1");
    }

    /** The hostile request and the others on each work path. */
    private record Work(CompletableFuture<RawHttp.Response> hostile, CompletableFuture<List<TimedResponse>> others) {
    }

    /**
     * The hostile request for {@code hostileMs}, {@code perPath} requests of {@code ms} on /work and /async, and
     * returns once the server counts them all.
     */
    private Work putInFlight(ServiceProcess service, int hostileMs, int perPath, int ms) throws Exception {
        try (LocalJmx jmx = LocalJmx.connect(service.pid())) {
            Work work = new Work(hostileRequest(service, hostileMs), inFlight(service, perPath, ms));
            awaitRequestsInFlight(jmx, 1 + perPath * workPaths().size());
            return work;
        }
    }

    /** Waits until the agent counts {@code expected} requests in flight, so that the signal finds them all. */
    private static void awaitRequestsInFlight(LocalJmx jmx, int expected) throws Exception {
        ObjectName name = new ObjectName("dev.gracefulagent:type=GracefulShutdown");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int requests = 0;
        while (System.nanoTime() < deadline) {
            TabularData inFlight = (TabularData) jmx.attribute(name, "InFlight");
            requests = inFlight.values().stream().map(CompositeData.class::cast)
                    .filter(row -> row.get("key").toString().equals("jetty requests"))
                    .mapToInt(row -> (Integer) row.get("value")).sum();
            if (requests >= expected) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError(requests + " of " + expected + " requests reached the server");
    }

    /**
     * The request as bytes on the wire: the path's characters as UTF-8, as a browser would send them. Returns once
     * it is written ({@link #inFlight}, called next, then gives the server time to take it).
     */
    private CompletableFuture<RawHttp.Response> hostileRequest(ServiceProcess service, int ms)
            throws InterruptedException {
        String onTheWire = new String(HOSTILE_PATH.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        CountDownLatch sent = new CountDownLatch(1);
        CompletableFuture<RawHttp.Response> response = CompletableFuture.supplyAsync(
                () -> RawHttp.get(service.port(), onTheWire + "?ms=" + ms, sent::countDown), clients);
        assertTrue(sent.await(30, TimeUnit.SECONDS), "the request could not be sent");
        return response;
    }

    @Test
    void aCompleteDrainIsReportedAsJsonEvents() throws Exception {
        ServiceProcess service = start(jsonTestbed());
        Work work = putInFlight(service, 5000, 5, 3000);
        CompletableFuture<RawHttp.Response> hostile = work.hostile();
        CompletableFuture<List<TimedResponse>> pending = work.others();
        service.sigterm();
        service.stderr().awaitContains("\"phase\":\"stop intake\",\"state\":\"done\"", Duration.ofSeconds(10));
        service.signal("INT");
        assertTrue(pending.get(60, TimeUnit.SECONDS).stream().allMatch(r -> r.response().ok("done")));
        assertTrue(hostile.get(60, TimeUnit.SECONDS).ok("done"), hostile.get().toString());
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());

        List<JsonNode> events = events(service);
        JsonNode warning = only(events, "warning", "ignoring unknown environment variable");
        assertEquals("warn", warning.get("level").textValue());
        assertTrue(warning.get("message").textValue().startsWith(
                "ignoring unknown environment variable " + HOSTILE_VARIABLE + "; known: "), warning.toString());

        JsonNode signal = only(events, "signal", "SIGTERM:");
        assertEquals("SIGTERM", signal.get("cause").textValue());
        assertEquals(30_000, signal.get("deadlineMs").longValue());
        assertFalse(signal.get("repeated").booleanValue());
        assertPhasesInOrder(events);

        JsonNode repeated = only(events, "signal", "SIGINT again");
        assertTrue(repeated.get("repeated").booleanValue());
        assertEquals("warn", repeated.get("level").textValue());
        JsonNode report = only(events, "report", "in flight: ", "requests");
        assertEquals("repeated-signal", report.get("reason").textValue());
        List<JsonNode> stuck = ofKind(ofEvent(events, "stuck"), "requests");
        assertEquals(report.get("count").intValue(), stuck.size(), stuck.toString());
        JsonNode hostileEntry = entryFor(stuck, "GET " + HOSTILE_PATH);
        assertEquals("repeated-signal", hostileEntry.get("reason").textValue());
        assertFalse(hostileEntry.get("waitingAsync").booleanValue());

        JsonNode summary = last(events);
        assertEquals("summary", summary.get("event").textValue());
        assertEquals(11, summary.get("drained").get("requests").longValue(), summary.toString());
        assertEquals(0, summary.get("exitCode").intValue());
        assertTrue(summary.get("elapsedMs").longValue() >= 0);
        assertTrue(summary.get("closed").isObject(), summary.toString());
        assertEquals(0, summary.get("listenersNotDrained").size(), summary.toString());
    }

    @Test
    void pastTheDeadlineTheReportIsStructuredAndTheExitCodeIsOne() throws Exception {
        ServiceProcess service = start(jsonTestbed().agentArguments("timeout=1s"));
        Work work = putInFlight(service, 20_000, 1, 20_000);
        service.sigterm();
        assertEquals(1, service.awaitExit(EXIT_WAIT), service.stderr().text());
        work.hostile().cancel(true);
        work.others().cancel(true);

        List<JsonNode> events = events(service);
        assertEquals(1000, only(events, "signal", "SIGTERM:").get("deadlineMs").longValue());
        assertPhasesInOrder(events);
        JsonNode drainDone = phase(events, "drain", "done");
        assertEquals("incomplete", drainDone.get("result").textValue());

        JsonNode report = only(events, "report", "deadline of 1000 ms passed", "requests");
        assertEquals("deadline", report.get("reason").textValue());
        assertEquals("warn", report.get("level").textValue());
        assertEquals(3, report.get("count").intValue(), report.toString()); // /work, /async and the hostile one
        List<JsonNode> stuck = ofKind(ofEvent(events, "stuck"), "requests");
        assertEquals(3, stuck.size(), stuck.toString());
        for (JsonNode entry : stuck) {
            assertEquals("deadline", entry.get("reason").textValue());
            assertEquals("requests", entry.get("kind").textValue());
            assertTrue(entry.get("ageMs").longValue() >= 1000, entry.toString());
            assertTrue(entry.get("thread").textValue().startsWith("qtp"), entry.toString());
            assertTrue(entry.get("frames").isArray(), entry.toString());
        }
        JsonNode hostileEntry = entryFor(stuck, "GET " + HOSTILE_PATH);
        assertFalse(hostileEntry.get("waitingAsync").booleanValue());
        assertTrue(frames(hostileEntry).stream().anyMatch(f -> f.contains("WorkServlet.doGet")), hostileEntry.toString());
        assertTrue(hostileEntry.get("message").textValue().contains("GET " + HOSTILE_PATH + ", age "));
        JsonNode async = entryFor(stuck, "GET /async");
        assertTrue(async.get("waitingAsync").booleanValue(), async.toString());
        assertEquals(0, async.get("frames").size());

        JsonNode summary = last(events);
        assertEquals("summary", summary.get("event").textValue());
        assertEquals(1, summary.get("exitCode").intValue());
        assertEquals(0, summary.get("drained").path("requests").asLong(0), "only kinds seen: " + summary);
    }

    @Test
    void aMalformedSettingStopsStartUpWithOneJsonLine() throws Exception {
        ServiceProcess service = testbed().env("GRACEFUL_LOG_FORMAT", "json").jvmOption("-Dgraceful.timeout=ban\"ana")
                .launch();
        started.add(service);
        assertEquals(2, service.awaitExit(EXIT_WAIT), service.stderr().text());
        assertFalse(service.stdout().text().contains("ready on port"), "the service must not start");
        List<JsonNode> events = events(service);
        assertEquals(1, events.size(), service.stderr().text());
        assertEquals("error", events.get(0).get("level").textValue());
        assertEquals("log", events.get(0).get("event").textValue());
        assertTrue(events.get(0).get("message").textValue().startsWith("graceful.timeout: 'ban\"ana' is not accepted"),
                events.get(0).toString());
    }

    /** Every stderr line, each one a JSON object with the fields every event carries. */
    private static List<JsonNode> events(ServiceProcess service) throws Exception {
        List<String> lines = service.stderr().lines();
        assertFalse(lines.isEmpty());
        Instant started = Instant.now().minusSeconds(120);
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII only: " + line);
            JsonNode node = STRICT.readTree(line);
            assertTrue(node.isObject(), line);
            Instant ts = Instant.parse(node.get("ts").textValue());
            assertTrue(ts.isAfter(started) && ts.isBefore(Instant.now()), line);
            assertTrue(node.get("ts").textValue().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), line);
            assertTrue(List.of("error", "warn", "info", "debug").contains(node.get("level").textValue()), line);
            assertEquals("graceful-agent", node.get("source").textValue(), line);
            assertTrue(List.of("signal", "phase", "report", "stuck", "summary", "warning", "log")
                    .contains(node.get("event").textValue()), line);
            assertTrue(node.get("message").isTextual(), line);
            events.add(node);
        }
        return events;
    }

    /**
     * notice, stop intake, drain, the application's hooks, close: each started, then done with a duration, in this
     * order.
     */
    private static void assertPhasesInOrder(List<JsonNode> events) {
        List<String> seen = ofEvent(events, "phase").stream()
                .map(e -> e.get("phase").textValue() + " " + e.get("state").textValue()).collect(Collectors.toList());
        List<String> expected = new ArrayList<>();
        for (String phase : List.of("notice", "stop intake", "drain", "application hooks", "close")) {
            expected.add(phase + " started");
            expected.add(phase + " done");
            JsonNode done = phase(events, phase, "done");
            assertTrue(done.get("durationMs").longValue() >= 0, done.toString());
            assertTrue(phase(events, phase, "started").get("detail").isTextual());
        }
        assertEquals(expected, seen);
    }

    private static JsonNode phase(List<JsonNode> events, String name, String state) {
        return ofEvent(events, "phase").stream()
                .filter(e -> e.get("phase").textValue().equals(name) && e.get("state").textValue().equals(state))
                .findFirst().orElseThrow(() -> new AssertionError("no phase " + name + " " + state + ":\n"
                        + messages(events)));
    }

    private static List<JsonNode> ofEvent(List<JsonNode> events, String event) {
        return events.stream().filter(e -> e.get("event").textValue().equals(event)).collect(Collectors.toList());
    }

    private static List<JsonNode> ofKind(List<JsonNode> events, String kind) {
        return events.stream().filter(e -> e.get("kind").textValue().equals(kind)).collect(Collectors.toList());
    }

    /** The one event of that name whose message starts with the text. */
    private static JsonNode only(List<JsonNode> events, String event, String messageStart) {
        List<JsonNode> matching = ofEvent(events, event).stream()
                .filter(e -> e.get("message").textValue().startsWith(messageStart)).collect(Collectors.toList());
        assertEquals(1, matching.size(), event + " '" + messageStart + "' in " + messages(events));
        return matching.get(0);
    }

    /** The one report of that kind of work whose message starts with the text. */
    private static JsonNode only(List<JsonNode> events, String event, String messageStart, String kind) {
        List<JsonNode> matching = ofKind(ofEvent(events, event), kind).stream()
                .filter(e -> e.get("message").textValue().startsWith(messageStart)).collect(Collectors.toList());
        assertEquals(1, matching.size(), event + " of " + kind + " '" + messageStart + "' in " + messages(events));
        return matching.get(0);
    }

    /** What a failure shows: the events' messages, one per line, as the text format would. */
    private static String messages(List<JsonNode> events) {
        return events.stream().map(e -> e.get("event").textValue() + " " + e.get("message").textValue())
                .collect(Collectors.joining("\n"));
    }

    private static JsonNode entryFor(List<JsonNode> stuck, String description) {
        List<JsonNode> matching = stuck.stream().filter(e -> e.get("description").textValue().equals(description))
                .collect(Collectors.toList());
        assertEquals(1, matching.size(), description + " in\n" + messages(stuck));
        return matching.get(0);
    }

    private static List<String> frames(JsonNode entry) {
        List<String> frames = new ArrayList<>();
        entry.get("frames").forEach(f -> frames.add(f.textValue()));
        assertNotNull(entry.get("frames"));
        return frames;
    }

    private static JsonNode last(List<JsonNode> events) {
        return events.get(events.size() - 1);
    }
}
