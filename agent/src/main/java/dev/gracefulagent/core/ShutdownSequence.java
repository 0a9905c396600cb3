package dev.gracefulagent.core;

import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.log.ShutdownEvents;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.RunningUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * notice → stop intake → drain, then the application's own shutdown hooks, then close → exit, against one
 * deadline. Container-agnostic: it sees the libraries only as {@link Integration}s. Runs at most once per JVM.
 *
 * <p>The rule of the order, stated here once: the drain finishes the application's work while every resource
 * is still there; the application's hooks then run as they would without the agent (a Spring context closing,
 * a listener container stopping, a hook writing a last row); only after them does the agent close what is left.
 * Exit code 0 is a claim: every unit of work seen finished, every close succeeded, and no listener the agent
 * does not know was left with connections open.
 */
public final class ShutdownSequence {
    private static final Logger LOG = Log.get(ShutdownSequence.class);
    private static final int REPORT_FRAMES = 8;
    private static volatile ShutdownSequence installed;
    /** Set on the thread that stops intake while it does: work it hands off is the agent's own doing. */
    private static final ThreadLocal<Boolean> STOPPING_INTAKE = new ThreadLocal<>();
    private static volatile boolean drainOver;

    private final long timeoutMillis;
    private final long preStopDelayMillis;
    private final long idleGraceMillis;
    private final List<Integration> integrations;
    private final Instrumenter instrumenter;
    private final DrainSignal signal;
    private final ListenerAccounting listeners;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch drained = new CountDownLatch(1);
    private volatile boolean closeAfterApplicationHooks;
    private volatile String phase = "running";
    /** Set by the drain for the phases after it. */
    private volatile PhaseClock clock;
    private volatile List<Integration> acting;
    private volatile List<InFlight> work;
    private volatile int drainCode;
    /** The settled exit code, once the close phase ran. */
    private Integer finalCode;
    /** The code the sequence itself handed to System.exit, or null when the JVM was leaving on its own. */
    private volatile Integer requestedExitCode;

    public ShutdownSequence(long timeoutMillis, long preStopDelayMillis, long idleGraceMillis,
                            List<String> listenersKeptOpen, List<Integration> integrations,
                            Instrumenter instrumenter, DrainSignal signal) {
        this.timeoutMillis = timeoutMillis;
        this.preStopDelayMillis = preStopDelayMillis;
        this.idleGraceMillis = idleGraceMillis;
        this.integrations = integrations;
        this.instrumenter = instrumenter;
        this.signal = signal;
        this.listeners = new ListenerAccounting(listenersKeptOpen);
    }

    /**
     * True when {@link #afterApplicationHooks} will be called once the application's hooks are over (the JDK's
     * hooks could be wrapped); otherwise the close follows the drain at once.
     */
    void closeAfterApplicationHooks(boolean afterHooks) {
        this.closeAfterApplicationHooks = afterHooks;
    }

    /**
     * Starts the sequence on its own thread, which ends the JVM: System.exit runs the application's hooks, after
     * which the close phase runs and the exit code is settled. A repeated call does not restart anything; it logs
     * what is still in flight.
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
                int code = runDrain(cause, null);
                if (!closeAfterApplicationHooks) {
                    code = finish();
                }
                requestedExitCode = code;
                System.exit(code);
            }
        }, "graceful-shutdown");
        thread.setDaemon(false);
        thread.start();
    }

    /**
     * True on the thread that is stopping intake: what an integration's stop sets off there (a listener container
     * finishing its message in hand, say) is part of the drain, not an intake the agent does not know.
     */
    public static boolean isStoppingIntakeOnThisThread() {
        return STOPPING_INTAKE.get() != null;
    }

    /**
     * True once the drain is over (it may still wait once more for what it let in an instant before): a late
     * request is then refused (see {@link OpenConnections}), and what is handed off comes from the application's
     * own shutdown, which the agent neither waits for nor reports as unknown intake.
     */
    public static boolean drainIsOver() {
        return drainOver;
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
     * hook): its work must be drained before it stops. Runs the drain on the calling thread without ending the
     * JVM — the library's stop and the JVM's ordinary end follow — or, when the sequence already runs on another
     * thread, waits until its drain is over. Does nothing when the agent has no sequence installed.
     */
    public static void drainBeforeLibraryStop(String cause) throws InterruptedException {
        ShutdownSequence sequence = installed;
        if (sequence == null) {
            return;
        }
        sequence.runToEnd(cause);
    }

    /**
     * Runs the drain on the calling thread, or, when it already runs on another thread (a signal came first),
     * waits until it is over: whatever follows on this thread (application shutdown hooks, a library's stop) then
     * comes after the drain. Work running on the calling thread itself — a request that called System.exit —
     * cannot finish before the exit, so the drain does not wait for it.
     */
    void runToEnd(String cause) throws InterruptedException {
        if (started.compareAndSet(false, true)) {
            runDrain(cause, Thread.currentThread());
        }
        drained.await();
    }

    /**
     * Called once the application's shutdown hooks have all ended: closes what is left and settles the exit code.
     * When the code differs from the one the JVM is leaving with (a close failed, a listener the agent does not
     * know still had connections, the drain was incomplete on an exit the application started), the JVM is
     * halted with it: exit code 0 is never a claim the agent cannot make.
     */
    void afterApplicationHooks() {
        if (!started.get()) {
            return;
        }
        int code = finish();
        Integer leaving = requestedExitCode;
        if (leaving != null ? code != leaving : code != 0) {
            Runtime.getRuntime().halt(code);
        }
    }

    private int runDrain(String cause, Thread exitingThread) {
        try {
            return drainPhases(cause, exitingThread);
        } finally {
            drained.countDown();
        }
    }

    private int drainPhases(String cause, Thread exitingThread) {
        PhaseClock phases = new PhaseClock(System.nanoTime(), timeoutMillis);
        clock = phases;
        ShutdownEvents.signal(cause, timeoutMillis);
        List<Integration> actingNow = actingIntegrations();
        acting = actingNow;
        List<InFlight> workNow = inFlightOf(actingNow);
        work = workNow;
        for (InFlight tracker : workNow) {
            tracker.shutdownBegan();
        }
        signal.arm(phases.deadlineNanos());
        int exitCode = 0;

        phase = "notice";
        Readiness.markNotReady();
        phases.begin(phase, preStopDelayMillis > 0
                ? "not ready; serving on for the pre-stop delay of " + preStopDelayMillis + " ms" : "not ready");
        if (preStopDelayMillis > 0) {
            sleepQuietly(preStopDelayMillis);
        }
        phases.end(null);

        phase = "stop intake";
        phases.begin(phase, "closing listeners and stopping new work");
        List<String> stopped = new ArrayList<>();
        STOPPING_INTAKE.set(Boolean.TRUE);
        try {
            for (Integration integration : schedulersFirst(actingNow)) {
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
        } finally {
            STOPPING_INTAKE.remove();
        }
        String unowned = listeners.stopUnowned(actingNow, listenersOf(actingNow));
        if (unowned != null) {
            stopped.add(unowned);
        }
        int idleOpen = idleGraceMillis > 0 ? awaitedByTheGrace(actingNow) : 0;
        if (idleOpen > 0) {
            stopped.add(idleOpen + " idle or arriving connection(s) open for the idle grace of " + idleGraceMillis
                    + " ms");
        } else {
            closeIdle(actingNow, stopped);
        }
        phases.end(stopped.isEmpty() ? "nothing to stop" : String.join("; ", stopped));

        phase = "drain";
        phases.begin(phase, Counts.of(workNow, false).orElse("no work") + " in flight");
        if (idleOpen > 0) {
            List<String> closed = new ArrayList<>();
            awaitIdleGrace(actingNow, phases.deadlineNanos());
            closeIdle(actingNow, closed);
            LOG.info("idle grace over: {}",
                    closed.isEmpty() ? "no connection left idle to close" : String.join("; ", closed));
        }
        boolean complete = awaitIdle(workNow, exitingThread, phases.deadlineNanos());
        drainOver = true;
        // a request let in on an open connection an instant before is served to its end all the same
        complete = complete && awaitIdle(workNow, exitingThread, phases.deadlineNanos());
        if (!complete) {
            exitCode = 1;
            reportStuck(workNow, "deadline", "deadline of " + timeoutMillis + " ms passed; still running");
        }
        phases.end(complete ? "all work finished" : "incomplete");
        if (complete) {
            for (Integration integration : actingNow) {
                try {
                    integration.drained();
                } catch (Throwable t) {
                    LOG.error("{} could not finish its drain", integration.name(), t);
                }
            }
        }
        drainCode = exitCode;
        if (closeAfterApplicationHooks) {
            phase = "application hooks";
            phases.begin(phase, "the application's own shutdown runs now");
        }
        return exitCode;
    }

    /**
     * The order intake stops in: schedulers first, so that no periodic run starts while a slower intake stops (a
     * listener container finishing its message in hand); then the others in their listed order. Hand-offs from
     * requests still draining are taken and waited for either way.
     */
    private static List<Integration> schedulersFirst(List<Integration> integrations) {
        List<Integration> ordered = new ArrayList<>();
        for (Integration integration : integrations) {
            if (integration.schedulesWork()) {
                ordered.add(integration);
            }
        }
        for (Integration integration : integrations) {
            if (!integration.schedulesWork()) {
                ordered.add(integration);
            }
        }
        return ordered;
    }

    /**
     * The idle grace, the rule of its timing stated here once: it begins with the drain and ends when its time is
     * up, at the deadline at the latest, or as soon as no idle or arriving connection is left open (each one
     * received a request, or its client closed it). Whether any is left is asked again after each unit of work
     * ends (a request on an idle or arriving connection is one, and its connection closes after it) and each time
     * a server closes a connection ({@link DrainSignal#connectionClosed}).
     */
    private void awaitIdleGrace(List<Integration> actingNow, long deadlineNanos) {
        long endNanos = System.nanoTime() + idleGraceMillis * 1_000_000;
        if (endNanos - deadlineNanos > 0) {
            endNanos = deadlineNanos;
        }
        try {
            while (true) {
                long seen = signal.knocks();
                if (awaitedByTheGrace(actingNow) == 0 || !signal.awaitKnockAfter(seen, endNanos)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The connections the idle grace waits for: the idle ones, and those still arriving (a request partly
     * received, or accepted on a listener an integration owns and not yet taken in by its server): the drain,
     * which counts requests once they began, would otherwise end before theirs and let the close phase cut it.
     */
    private static int awaitedByTheGrace(List<Integration> integrations) {
        List<Listener> listeners = listenersOf(integrations);
        int awaited = 0;
        for (Integration integration : integrations) {
            try {
                awaited += integration.idleConnections(false) + ListenerAccounting.arriving(integration, listeners);
            } catch (Throwable t) {
                LOG.warn("{} could not count its idle connections: {}", integration.name(), t.toString());
            }
        }
        return awaited;
    }

    /** Closes the idle connections; adds "jetty: closed 2 idle connection(s)" per integration that had any. */
    private static void closeIdle(List<Integration> integrations, List<String> closed) {
        for (Integration integration : integrations) {
            try {
                int n = integration.idleConnections(true);
                if (n > 0) {
                    closed.add(integration.name() + ": closed " + n + " idle connection(s)");
                }
            } catch (Throwable t) {
                LOG.warn("{} could not close its idle connections: {}", integration.name(), t.toString());
            }
        }
    }

    /** Integrations switched off (a partial match, a failing hook) are left alone, as if absent. */
    private List<Integration> actingIntegrations() {
        List<Integration> actingNow = new ArrayList<>();
        List<String> off = new ArrayList<>();
        for (Integration integration : integrations) {
            if (instrumenter.isSwitchedOff(integration.name())) {
                if (!instrumenter.isSupersededByAnotherLine(integration.name())) {
                    off.add(integration.name());
                }
            } else {
                actingNow.add(integration);
            }
        }
        if (!off.isEmpty()) {
            LOG.warn("left alone, switched off since start-up: {}", String.join(", ", off));
        }
        return actingNow;
    }

    /** close → exit code; once, after the drain (and after the application's hooks when those can be awaited). */
    private synchronized int finish() {
        if (finalCode != null) {
            return finalCode;
        }
        awaitDrained();
        PhaseClock phases = clock;
        if (closeAfterApplicationHooks) {
            phases.end(null);
        }
        int exitCode = drainCode;
        phase = "close";
        phases.begin(phase, "closing resources the application left open");
        Counts closed = new Counts();
        for (Integration integration : acting) {
            try {
                closed.add(integration.closedNoun(), integration.close());
            } catch (Throwable t) {
                LOG.error("{} failed to close", integration.name(), t);
                exitCode = 1;
            }
        }
        phases.end(closed.orElse("nothing to close"));

        phase = "exit";
        List<String> notDrained = listeners.notDrained();
        if (!notDrained.isEmpty()) {
            exitCode = 1;
        }
        ShutdownEvents.summary(Counts.of(work, true).byKind(), closed.byKind(), notDrained, phases.elapsedMillis(),
                exitCode);
        finalCode = exitCode;
        return exitCode;
    }

    private void awaitDrained() {
        try {
            drained.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitIdle(final List<InFlight> workNow, final Thread exitingThread, long deadlineNanos) {
        try {
            return signal.awaitUntil(new DrainSignal.Condition() {
                @Override
                public boolean isMet() {
                    for (InFlight tracker : workNow) {
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
        ShutdownEvents.signalRepeated(cause, phase);
        List<InFlight> workNow = work;
        reportStuck(workNow != null ? workNow : inFlightOf(integrations), "repeated-signal", "in flight");
    }

    /** {@code reason} names the report for log pipelines: "deadline" or "repeated-signal". */
    private static void reportStuck(List<InFlight> work, String reason, String heading) {
        for (InFlight tracker : work) {
            List<RunningUnit> running = tracker.describeRunning(REPORT_FRAMES);
            if (running.isEmpty()) {
                continue;
            }
            ShutdownEvents.report(reason, heading, tracker.noun(), running.size());
            for (RunningUnit unit : running) {
                ShutdownEvents.stuck(reason, tracker.noun(), unit.description(), unit.ageMillis(), unit.thread(),
                        unit.frames());
            }
        }
    }

    private static List<Listener> listenersOf(List<Integration> integrations) {
        List<Listener> all = new ArrayList<>();
        for (Integration integration : integrations) {
            all.addAll(integration.listeners());
        }
        return all;
    }

    private static List<InFlight> inFlightOf(List<Integration> integrations) {
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
