package dev.gracefulagent.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * The shutdown sequence's report, event by event: each method writes today's {@code [graceful]} text line, or in
 * JSON mode one object whose field names are a contract (README, "Machine-readable logs"): every object has
 * {@code ts}, {@code level}, {@code source}, {@code event} and {@code message} (the text line's content), plus the
 * event's own fields.
 */
public final class ShutdownEvents {
    private ShutdownEvents() {
    }

    /** The sequence begins: {@code cause} is the signal ("SIGTERM") or exit path ("JVM exit"). */
    public static void signal(String cause, long deadlineMillis) {
        emit(Level.INFO, cause + ": graceful shutdown begins, deadline " + deadlineMillis + " ms",
                json(Level.INFO, "signal").field("cause", cause).field("deadlineMs", deadlineMillis)
                        .field("repeated", false));
    }

    /** A further signal while the sequence runs; it restarts nothing. */
    public static void signalRepeated(String cause, String phase) {
        emit(Level.WARN, cause + " again: already shutting down (phase " + phase + "); not restarting",
                json(Level.WARN, "signal").field("cause", cause).field("phase", phase).field("repeated", true));
    }

    public static void phaseStarted(String phase, String detail) {
        emit(Level.INFO, phase + ": " + detail,
                json(Level.INFO, "phase").field("phase", phase).field("state", "started").field("detail", detail));
    }

    /** {@code result} may be null when the phase has nothing to say. */
    public static void phaseDone(String phase, long durationMillis, String result) {
        emit(Level.INFO, phase + " done in " + durationMillis + " ms" + (result == null ? "" : ": " + result),
                json(Level.INFO, "phase").field("phase", phase).field("state", "done")
                        .field("durationMs", durationMillis).field("result", result));
    }

    /**
     * The heading of a report of work still running, one per kind: {@code reason} is "deadline" when the deadline
     * passed, "repeated-signal" when a further signal asked what is in flight.
     */
    public static void report(String reason, String heading, String kind, int count) {
        emit(Level.WARN, heading + ": " + phrase(count, kind),
                json(Level.WARN, "report").field("reason", reason).field("kind", kind).field("count", count));
    }

    /**
     * One unit of work in a report: what it is (e.g. method and path), how old, on which thread. {@code frames} is
     * where the thread is now, or null when the unit's thread has moved on and the unit waits for an
     * asynchronous completion.
     */
    public static void stuck(String reason, String kind, String description, long ageMillis, String thread,
                             List<String> frames) {
        StringBuilder text = new StringBuilder("  ").append(description).append(", age ").append(age(ageMillis));
        if (frames == null) {
            text.append(", started on thread ").append(thread).append(", now waiting for an asynchronous completion");
        } else {
            text.append(", thread ").append(thread);
            for (String frame : frames) {
                text.append("\n        at ").append(frame);
            }
        }
        emit(Level.WARN, text.toString(), json(Level.WARN, "stuck").field("reason", reason).field("kind", kind)
                .field("description", description).field("ageMs", ageMillis).field("thread", thread)
                .field("waitingAsync", frames == null)
                .field("frames", frames == null ? Collections.<String>emptyList() : frames));
    }

    /**
     * The last line: what drained and what was closed, by kind (only the kinds seen), the unowned listeners the
     * agent cannot vouch for ("port 8080, opened by ..., 3 connection(s) open"), and the exit code (0: everything
     * drained and closed).
     */
    public static void summary(Map<String, Long> drained, Map<String, Long> closed, List<String> listenersNotDrained,
                               long elapsedMillis, int exitCode) {
        String notDrained = listenersNotDrained.isEmpty() ? "" : ", " + listenersNotDrained.size()
                + " listener(s) not drained: " + String.join("; ", listenersNotDrained);
        emit(Level.INFO, "summary: drained " + counts(drained, "nothing") + ", closed " + counts(closed, "nothing")
                        + notDrained + ", elapsed " + elapsedMillis + " ms, exit " + exitCode,
                json(Level.INFO, "summary").counts("drained", drained).counts("closed", closed)
                        .field("listenersNotDrained", listenersNotDrained).field("elapsedMs", elapsedMillis)
                        .field("exitCode", exitCode));
    }

    /** "12 requests, 1 task and 3 borrowed connections", or {@code none} when the map is empty. */
    public static String counts(Map<String, Long> byKind, String none) {
        if (byKind.isEmpty()) {
            return none;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : byKind.entrySet()) {
            parts.add(phrase(e.getValue(), e.getKey()));
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** "1 request", "2 requests": every noun the integrations use makes its plural with a final s. */
    static String phrase(long n, String pluralNoun) {
        boolean singular = n == 1 && pluralNoun.endsWith("s");
        return n + " " + (singular ? pluralNoun.substring(0, pluralNoun.length() - 1) : pluralNoun);
    }

    /** "850ms" or "1.3s". */
    static String age(long millis) {
        return millis < 1000 ? millis + "ms" : String.format("%.1fs", millis / 1000.0);
    }

    /** The event as JSON; built in text mode too (a handful of lines per shutdown), where it is not written. */
    private static JsonLine json(Level level, String event) {
        return JsonLine.now(level, event);
    }

    private static void emit(Level level, String message, JsonLine json) {
        if (Output.enabled(level)) {
            Output.write(Output.json() ? json.field("message", message).toString() : Output.textLine(level, message));
        }
    }
}
