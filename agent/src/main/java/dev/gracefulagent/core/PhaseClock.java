package dev.gracefulagent.core;

import dev.gracefulagent.log.ShutdownEvents;

/** Logs the start and the duration of each phase, all against the one deadline. */
final class PhaseClock {
    private final long startNanos;
    private final long deadlineNanos;
    private String phase;
    private long phaseStartNanos;

    PhaseClock(long startNanos, long timeoutMillis) {
        this.startNanos = startNanos;
        this.deadlineNanos = startNanos + timeoutMillis * 1_000_000;
    }

    void begin(String name, String detail) {
        phase = name;
        phaseStartNanos = System.nanoTime();
        ShutdownEvents.phaseStarted(name, detail);
    }

    void end(String result) {
        long millis = (System.nanoTime() - phaseStartNanos) / 1_000_000;
        ShutdownEvents.phaseDone(phase, millis, result);
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    long remainingMillis() {
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
