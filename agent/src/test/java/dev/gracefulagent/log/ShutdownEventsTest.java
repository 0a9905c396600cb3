package dev.gracefulagent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Every shutdown event and log line: today's text exactly in text mode, the documented fields in JSON mode. */
class ShutdownEventsTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stderr = Output.redirect(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        Output.redirect(stderr);
        Log.setFormat("text");
        Log.setLevel("info");
    }

    private List<String> lines() {
        String text = captured.toString(StandardCharsets.UTF_8);
        captured.reset();
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }

    private List<JsonNode> objects() throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines()) {
            JsonNode node = JsonLineTest.STRICT.readTree(line);
            assertTrue(Instant.parse(node.get("ts").textValue()).isAfter(Instant.now().minusSeconds(60)), line);
            assertEquals("graceful-agent", node.get("source").textValue(), line);
            assertTrue(node.get("message").isTextual(), line);
            nodes.add(node);
        }
        return nodes;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static Map<String, Long> counts(Object... kindsAndCounts) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < kindsAndCounts.length; i += 2) {
            counts.put((String) kindsAndCounts[i], ((Number) kindsAndCounts[i + 1]).longValue());
        }
        return counts;
    }

    private static void emitAShutdown() {
        ShutdownEvents.signal("SIGTERM", 30_000);
        ShutdownEvents.phaseStarted("drain", "20 requests, 2 tasks in flight");
        ShutdownEvents.phaseDone("notice", 0, null);
        ShutdownEvents.phaseDone("drain", 1374, "all work finished");
        ShutdownEvents.signalRepeated("SIGINT", "drain");
        ShutdownEvents.report("deadline", "deadline of 1000 ms passed; still running", "requests", 2);
        ShutdownEvents.stuck("deadline", "requests", "GET /work", 1342, "qtp1234-21",
                List.of("java.base/java.lang.Thread.sleep(Native Method)",
                        "dev.gracefulagent.testbed.jetty.WorkServlet.doGet(WorkServlet.java:16)"));
        ShutdownEvents.stuck("deadline", "requests", "GET /async", 850, "qtp1234-22", null);
        ShutdownEvents.report("repeated-signal", "in flight", "tasks", 1);
        ShutdownEvents.summary(counts("requests", 20, "tasks", 2, "borrowed connections", 1),
                counts("servers", 1, "pools", 2), List.of(), 1384, 0);
        ShutdownEvents.summary(counts(), counts(), List.of("port 9090, opened by com.example.Admin, 3 connection(s) open",
                "port 9091, opened by com.example.Metrics, still listening"), 1002, 1);
    }

    @Test
    void textModeWritesTodaysLines() {
        emitAShutdown();
        assertEquals(List.of(
                "[graceful] SIGTERM: graceful shutdown begins, deadline 30000 ms",
                "[graceful] drain: 20 requests, 2 tasks in flight",
                "[graceful] notice done in 0 ms",
                "[graceful] drain done in 1374 ms: all work finished",
                "[graceful] WARN SIGINT again: already shutting down (phase drain); not restarting",
                "[graceful] WARN deadline of 1000 ms passed; still running: 2 requests",
                "[graceful] WARN   GET /work, age 1.3s, thread qtp1234-21",
                "        at java.base/java.lang.Thread.sleep(Native Method)",
                "        at dev.gracefulagent.testbed.jetty.WorkServlet.doGet(WorkServlet.java:16)",
                "[graceful] WARN   GET /async, age 850ms, started on thread qtp1234-22, now waiting for an asynchronous"
                        + " completion",
                "[graceful] WARN in flight: 1 task",
                "[graceful] summary: drained 20 requests, 2 tasks and 1 borrowed connection, closed 1 server and 2 pools,"
                        + " elapsed 1384 ms, exit 0",
                "[graceful] summary: drained nothing, closed nothing, 2 listener(s) not drained: port 9090, opened by"
                        + " com.example.Admin, 3 connection(s) open; port 9091, opened by com.example.Metrics, still"
                        + " listening, elapsed 1002 ms, exit 1"), lines());
    }

    @Test
    void jsonModeWritesOneObjectPerEventWithTheDocumentedFields() throws Exception {
        Log.setFormat("json");
        emitAShutdown();
        List<JsonNode> events = objects();
        assertEquals(11, events.size());

        JsonNode signal = events.get(0);
        assertEquals(List.of("ts", "level", "source", "event", "cause", "deadlineMs", "repeated", "message"),
                fieldNames(signal));
        assertEquals("info", signal.get("level").textValue());
        assertEquals("signal", signal.get("event").textValue());
        assertEquals("SIGTERM", signal.get("cause").textValue());
        assertEquals(30_000, signal.get("deadlineMs").longValue());
        assertEquals("SIGTERM: graceful shutdown begins, deadline 30000 ms", signal.get("message").textValue());

        JsonNode started = events.get(1);
        assertEquals("phase", started.get("event").textValue());
        assertEquals("drain", started.get("phase").textValue());
        assertEquals("started", started.get("state").textValue());
        assertEquals("20 requests, 2 tasks in flight", started.get("detail").textValue());

        assertTrue(events.get(2).get("result").isNull());
        JsonNode done = events.get(3);
        assertEquals(List.of("ts", "level", "source", "event", "phase", "state", "durationMs", "result", "message"),
                fieldNames(done));
        assertEquals("done", done.get("state").textValue());
        assertEquals(1374, done.get("durationMs").longValue());
        assertEquals("all work finished", done.get("result").textValue());

        JsonNode repeated = events.get(4);
        assertEquals("warn", repeated.get("level").textValue());
        assertEquals("signal", repeated.get("event").textValue());
        assertTrue(repeated.get("repeated").booleanValue());
        assertEquals("drain", repeated.get("phase").textValue());

        JsonNode report = events.get(5);
        assertEquals("report", report.get("event").textValue());
        assertEquals("deadline", report.get("reason").textValue());
        assertEquals("requests", report.get("kind").textValue());
        assertEquals(2, report.get("count").intValue());

        JsonNode running = events.get(6);
        assertEquals(List.of("ts", "level", "source", "event", "reason", "kind", "description", "ageMs", "thread",
                "waitingAsync", "frames", "message"), fieldNames(running));
        assertEquals("stuck", running.get("event").textValue());
        assertEquals("GET /work", running.get("description").textValue());
        assertEquals(1342, running.get("ageMs").longValue());
        assertEquals("qtp1234-21", running.get("thread").textValue());
        assertFalse(running.get("waitingAsync").booleanValue());
        assertEquals("dev.gracefulagent.testbed.jetty.WorkServlet.doGet(WorkServlet.java:16)",
                running.get("frames").get(1).textValue());
        JsonNode waiting = events.get(7);
        assertTrue(waiting.get("waitingAsync").booleanValue());
        assertEquals(0, waiting.get("frames").size());

        JsonNode oneTask = events.get(8);
        assertEquals("repeated-signal", oneTask.get("reason").textValue());
        assertEquals(1, oneTask.get("count").intValue());
        assertEquals("tasks", oneTask.get("kind").textValue());

        JsonNode summary = events.get(9);
        assertEquals(List.of("ts", "level", "source", "event", "drained", "closed", "listenersNotDrained", "elapsedMs",
                "exitCode", "message"), fieldNames(summary));
        assertEquals(20, summary.get("drained").get("requests").longValue());
        assertEquals(2, summary.get("drained").get("tasks").longValue());
        assertEquals(1, summary.get("drained").get("borrowed connections").longValue());
        assertEquals(1, summary.get("closed").get("servers").longValue());
        assertEquals(2, summary.get("closed").get("pools").longValue());
        assertEquals(0, summary.get("listenersNotDrained").size());
        assertEquals(1384, summary.get("elapsedMs").longValue());
        assertEquals(0, summary.get("exitCode").intValue());
        JsonNode notDrained = events.get(10);
        assertEquals(0, notDrained.get("drained").size());
        assertEquals(0, notDrained.get("closed").size());
        assertEquals("port 9091, opened by com.example.Metrics, still listening",
                notDrained.get("listenersNotDrained").get(1).textValue());
        assertEquals(1, notDrained.get("exitCode").intValue());
    }

    @Test
    void hostileDescriptionsAndThreadNamesStayInsideTheirFields() throws Exception {
        Log.setFormat("json");
        for (String hostile : JsonLineTest.HOSTILE) {
            ShutdownEvents.stuck("deadline", "requests", hostile, 1, hostile, List.of(hostile));
        }
        List<JsonNode> events = objects();
        assertEquals(JsonLineTest.HOSTILE.size(), events.size());
        for (int i = 0; i < events.size(); i++) {
            String hostile = JsonLineTest.HOSTILE.get(i);
            assertEquals(hostile, events.get(i).get("description").textValue());
            assertEquals(hostile, events.get(i).get("thread").textValue());
            assertEquals(hostile, events.get(i).get("frames").get(0).textValue());
            assertEquals("stuck", events.get(i).get("event").textValue());
        }
    }

    @Test
    void theLevelThresholdAppliesInBothFormats() throws Exception {
        Log.setLevel("warn");
        ShutdownEvents.phaseStarted("drain", "no work in flight");
        ShutdownEvents.report("deadline", "deadline of 1 ms passed; still running", "tasks", 1);
        assertEquals(List.of("[graceful] WARN deadline of 1 ms passed; still running: 1 task"), lines());
        Log.setFormat("json");
        ShutdownEvents.phaseStarted("drain", "no work in flight");
        ShutdownEvents.report("deadline", "deadline of 1 ms passed; still running", "tasks", 1);
        List<JsonNode> events = objects();
        assertEquals(1, events.size());
        assertEquals("report", events.get(0).get("event").textValue());
    }

    @Test
    void otherLogLinesAreLogOrWarningEvents() throws Exception {
        Logger log = Log.get(ShutdownEventsTest.class);
        log.info("health endpoint on {}: /ready, /live", "0.0.0.0:8558");
        log.warn("ignoring unknown environment variable {}", "GRACEFUL_\"X\"\n");
        log.error("jetty could not stop intake", new IllegalStateException("boom"));
        assertEquals(List.of("[graceful] health endpoint on 0.0.0.0:8558: /ready, /live",
                "[graceful] WARN ignoring unknown environment variable GRACEFUL_\"X\"",
                "",
                "[graceful] ERROR jetty could not stop intake: java.lang.IllegalStateException: boom"), lines());

        Log.setFormat("json");
        log.info("health endpoint on {}: /ready, /live", "0.0.0.0:8558");
        log.warn("ignoring unknown environment variable {}", "GRACEFUL_\"X\"\n");
        log.error("jetty could not stop intake", new IllegalStateException("boom"));
        log.debug("not shown at info");
        List<JsonNode> events = objects();
        assertEquals(3, events.size());
        assertEquals("log", events.get(0).get("event").textValue());
        assertEquals("info", events.get(0).get("level").textValue());
        assertEquals(ShutdownEventsTest.class.getName(), events.get(0).get("logger").textValue());
        assertEquals("health endpoint on 0.0.0.0:8558: /ready, /live", events.get(0).get("message").textValue());
        assertEquals("warning", events.get(1).get("event").textValue());
        assertEquals("warn", events.get(1).get("level").textValue());
        assertEquals("ignoring unknown environment variable GRACEFUL_\"X\"\n", events.get(1).get("message").textValue());
        assertEquals("log", events.get(2).get("event").textValue());
        assertEquals("error", events.get(2).get("level").textValue());
        assertEquals("java.lang.IllegalStateException: boom", events.get(2).get("error").textValue());
        assertTrue(events.get(2).get("stack") == null, "stack traces only at debug");

        Log.setLevel("debug");
        log.error("jetty could not stop intake", new IllegalStateException("boom", new RuntimeException("cause")));
        JsonNode withStack = objects().get(0);
        assertEquals("java.lang.IllegalStateException: boom", withStack.get("stack").get(0).textValue());
        assertTrue(withStack.get("stack").get(1).textValue().startsWith("at " + ShutdownEventsTest.class.getName()));
        assertTrue(withStack.toString().contains("Caused by: java.lang.RuntimeException: cause"));
    }
}
