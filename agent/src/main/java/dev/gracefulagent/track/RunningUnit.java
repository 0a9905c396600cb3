package dev.gracefulagent.track;

import java.util.List;

/** A unit still running, as the report shows it. */
public final class RunningUnit {
    private final String description;
    private final long ageMillis;
    private final String thread;
    private final List<String> frames;

    RunningUnit(String description, long ageMillis, String thread, List<String> frames) {
        this.description = description;
        this.ageMillis = ageMillis;
        this.thread = thread;
        this.frames = frames;
    }

    /** What it is, e.g. "GET /work". */
    public String description() {
        return description;
    }

    public long ageMillis() {
        return ageMillis;
    }

    /** The thread running it, or the one that started it when it waits for an asynchronous completion. */
    public String thread() {
        return thread;
    }

    /** Where its thread is now, innermost first; null when the unit waits for an asynchronous completion. */
    public List<String> frames() {
        return frames;
    }
}
