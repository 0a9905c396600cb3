package dev.gracefulagent.testbed.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runs of background jobs as a testbed printed them on stdout, one line per event:
 * {@code job <name> start at <epoch ms>} and {@code job <name> end at <epoch ms>}; a run cut off has no end.
 */
public final class JobLines {
    private static final Pattern LINE = Pattern.compile("job (\\S+) (start|end) at (\\d+)");

    private JobLines() {
    }

    /** One run of a job: when it started and ended (0 when it did not). */
    public static final class Run {
        public long start;
        public long end;

        public boolean ended() {
            return end > 0;
        }

        @Override
        public String toString() {
            return "start " + start + " end " + (end == 0 ? "-" : Long.toString(end));
        }
    }

    /** The runs by job name, in the order they started. */
    public static Map<String, Run> runs(List<String> stdout) {
        Map<String, Run> runs = new LinkedHashMap<>();
        for (String line : stdout) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                Run run = runs.computeIfAbsent(m.group(1), name -> new Run());
                if (m.group(2).equals("start")) {
                    run.start = Long.parseLong(m.group(3));
                } else {
                    run.end = Long.parseLong(m.group(3));
                }
            }
        }
        return runs;
    }
}
