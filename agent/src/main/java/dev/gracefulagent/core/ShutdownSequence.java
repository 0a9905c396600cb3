package dev.gracefulagent.core;

import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * notice → stop intake → drain → close → exit, against one deadline. Container-agnostic: it sees the
 * libraries only as {@link Integration}s. Runs at most once per JVM.
 */
public final class ShutdownSequence {
    private static final Logger LOG = Log.get(ShutdownSequence.class);
    private static final int REPORT_FRAMES = 8;
    private static volatile ShutdownSequence installed;

    private final long timeoutMillis;
    private final long preStopDelayMillis;
    private final List<Integration> integrations;
    private final DrainSignal signal;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String phase = "running";

    public ShutdownSequence(long timeoutMillis, long preStopDelayMillis, List<Integration> integrations,
                            DrainSignal signal) {
        this.timeoutMillis = timeoutMillis;
        this.preStopDelayMillis = preStopDelayMillis;
        this.integrations = integrations;
        this.signal = signal;
    }

    /**
     * Starts the sequence on its own thread, which ends the JVM with the resulting exit code. A repeated call
     * does not restart anything; it logs what is still in flight.
     */
    public void startAndExit(final String cause) {
        if (!started.compareAndSet(false, true)) {
            logRepeatedRequest(cause);
            return;
        }
        phase = "starting";
        Thread thread = new Thread(new Runnable() {
            @Override
            public void run() {
                int code = runSequence(cause, null);
                System.exit(code);
            }
        }, "graceful-shutdown");
        thread.setDaemon(false);
        thread.start();
    }

    /**
     * Runs the sequence on the calling thread, for exit paths where the JVM is already on its way out
     * (System.exit, the last thread ending). Work running on the exiting thread itself — a request that called
     * System.exit — cannot finish before the exit, so the drain does not wait for it.
     */
    public int runHere(String cause) {
        if (!started.compareAndSet(false, true)) {
            return 0;
        }
        return runSequence(cause, Thread.currentThread());
    }

    public boolean hasStarted() {
        return started.get();
    }

    /** "running" until a shutdown begins, then the current phase. */
    public String phase() {
        return phase;
    }

    /**
     * Work in flight now, per integration and kind, e.g. "jetty requests" → 3; trackers of one integration with
     * the same noun (one per container, say) are summed.
     */
    public Map<String, Integer> inFlightByIntegration() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Integration integration : integrations) {
            for (InFlight tracker : integration.inFlight()) {
                String key = integration.name() + " " + tracker.noun();
                Integer before = counts.get(key);
                counts.put(key, before == null ? tracker.count() : before + tracker.count());
            }
        }
        return counts;
    }

    /** Makes this the sequence that {@link #drainBeforeLibraryStop} runs; once, at start-up. */
    public void install() {
        installed = this;
    }

    /**
     * For a library that stops itself on a command of its own (Tomcat's shutdown port, Catalina's own shutdown
     * hook): its work must be drained before it stops. Runs the sequence on the calling thread without ending the
     * JVM — the library's stop and the JVM's ordinary end follow — or, when the sequence already runs on another
     * thread, waits until it is over. Does nothing when the agent has no sequence installed.
     */
    public static void drainBeforeLibraryStop(String cause) throws InterruptedException {
        ShutdownSequence sequence = installed;
        if (sequence == null) {
            return;
        }
        sequence.runToEnd(cause);
    }

    /**
     * Runs the sequence on the calling thread, or, when it already runs on another thread (a signal came first),
     * waits until it is over: whatever follows on this thread (application shutdown hooks, a library's stop) then
     * comes after the drain.
     */
    public void runToEnd(String cause) throws InterruptedException {
        runHere(cause);
        finished.await();
    }

    private int runSequence(String cause, Thread exitingThread) {
        try {
            return runPhases(cause, exitingThread);
        } finally {
            finished.countDown();
        }
    }

    private int runPhases(String cause, Thread exitingThread) {
        PhaseClock clock = new PhaseClock(System.nanoTime(), timeoutMillis);
        LOG.info("{}: graceful shutdown begins, deadline {} ms", cause, timeoutMillis);
        List<InFlight> work = allInFlight();
        for (InFlight tracker : work) {
            tracker.shutdownBegan();
        }
        signal.arm();
        int exitCode = 0;

        phase = "notice";
        Readiness.markNotReady();
        clock.begin(phase, preStopDelayMillis > 0
                ? "not ready; serving on for the pre-stop delay of " + preStopDelayMillis + " ms" : "not ready");
        if (preStopDelayMillis > 0) {
            sleepQuietly(preStopDelayMillis);
        }
        clock.end(null);

        phase = "stop intake";
        clock.begin(phase, "closing listeners and stopping new work");
        List<String> stopped = new ArrayList<>();
        for (Integration integration : integrations) {
            try {
                String done = integration.stopIntake();
                if (done != null) {
                    stopped.add(integration.name() + ": " + done);
                }
            } catch (Throwable t) {
                LOG.error("{} could not stop intake", integration.name(), t);
                exitCode = 1;
            }
        }
        clock.end(stopped.isEmpty() ? "nothing to stop" : String.join("; ", stopped));

        phase = "drain";
        clock.begin(phase, countsLine(work, false) + " in flight");
        boolean drained = awaitIdle(work, exitingThread, clock.deadlineNanos());
        if (!drained) {
            exitCode = 1;
            reportStuck(work, "deadline of " + timeoutMillis + " ms passed; still running");
        }
        clock.end(drained ? "all work finished" : "incomplete");

        phase = "close";
        clock.begin(phase, "closing resources after the drain");
        int closed = 0;
        for (Integration integration : integrations) {
            try {
                closed += integration.close();
            } catch (Throwable t) {
                LOG.error("{} failed to close", integration.name(), t);
                exitCode = 1;
            }
        }
        clock.end(closed + " closed");

        phase = "exit";
        // on an exit path the JVM is already leaving with the code its caller chose; only the signal path picks it
        String outcome = exitingThread == null ? "exit " + exitCode
                : "drain result " + exitCode + " (the JVM keeps the exit code it was leaving with)";
        LOG.info("summary: drained {}, closed {}, elapsed {} ms, {}", countsLine(work, true), closed,
                clock.elapsedMillis(), outcome);
        return exitCode;
    }

    private boolean awaitIdle(final List<InFlight> work, final Thread exitingThread, long deadlineNanos) {
        try {
            return signal.awaitUntil(new DrainSignal.Condition() {
                @Override
                public boolean isMet() {
                    for (InFlight tracker : work) {
                        if (tracker.countExcluding(exitingThread) > 0) {
                            return false;
                        }
                    }
                    return true;
                }
            }, deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void logRepeatedRequest(String cause) {
        LOG.warn("{} again: already shutting down (phase {}); not restarting", cause, phase);
        reportStuck(allInFlight(), "in flight");
    }

    private static void reportStuck(List<InFlight> work, String heading) {
        for (InFlight tracker : work) {
            List<String> lines = tracker.describeRunning(REPORT_FRAMES);
            if (lines.isEmpty()) {
                continue;
            }
            LOG.warn("{}: {} {}", heading, lines.size(), tracker.noun());
            for (String line : lines) {
                LOG.warn("  {}", line);
            }
        }
    }

    /** "40 requests, 2 tasks": the current counts, or the drained ones, summed by noun. */
    private static String countsLine(List<InFlight> work, boolean drained) {
        Map<String, Long> byNoun = new LinkedHashMap<>();
        for (InFlight tracker : work) {
            long n = drained ? tracker.drained() : tracker.count();
            Long before = byNoun.get(tracker.noun());
            byNoun.put(tracker.noun(), before == null ? n : before + n);
        }
        if (byNoun.isEmpty()) {
            return "no work";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : byNoun.entrySet()) {
            parts.add(e.getValue() + " " + e.getKey());
        }
        return String.join(", ", parts);
    }

    private List<InFlight> allInFlight() {
        List<InFlight> all = new ArrayList<>();
        for (Integration integration : integrations) {
            all.addAll(integration.inFlight());
        }
        return all;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
