package dev.gracefulagent.testbed.support;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the agent's last line, e.g. "summary: drained 21 tasks, 1 executor queue, 40 requests and 1 borrowed
 * connection, closed 1 server, elapsed 1284 ms, exit 0": the kinds of work come in the order the integrations
 * run, so a scenario asks for its kind by name rather than by position.
 */
public final class Summaries {
    private static final Pattern DRAINED = Pattern.compile("summary: drained (.*?), (closed|elapsed) ");

    private Summaries() {
    }

    /** How many requests the summary among {@code stderr} says were drained; 0 when it names none. */
    public static long drainedRequests(List<String> stderr) {
        return drained(stderr, "request");
    }

    /** How many units of a kind ("request", "call") the summary says were drained; 0 when it names none. */
    public static long drained(List<String> stderr, String kind) {
        for (String line : stderr) {
            Matcher summary = DRAINED.matcher(line);
            if (summary.find()) {
                Matcher count = Pattern.compile("(\\d+) " + kind + "s?\\b").matcher(summary.group(1));
                return count.find() ? Long.parseLong(count.group(1)) : 0;
            }
        }
        throw new AssertionError("no summary line in:\n" + String.join("\n", stderr));
    }
}
