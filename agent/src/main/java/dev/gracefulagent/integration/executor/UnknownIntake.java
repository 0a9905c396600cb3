package dev.gracefulagent.integration.executor;

import dev.gracefulagent.core.ShutdownSequence;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.InFlight;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * After intake stopped, work started by a thread that runs no work the agent tracks (a broker client's delivery
 * thread, a feeder of the application's own) comes through an intake the agent did not stop: waiting for it could
 * hold the application's shutdown hostage until the deadline, so it is not waited for, and its source is named
 * once. Work started by a request or task still draining, or by an integration's stop of its intake, is waited for.
 */
final class UnknownIntake {
    private static final Logger LOG = Log.get(UnknownIntake.class);

    private final String what;
    private final Set<String> named = ConcurrentHashMap.newKeySet();
    private volatile boolean intakeStopped;

    /** {@code what}: the kind of work, for the warning ("virtual threads"). */
    UnknownIntake(String what) {
        this.what = what;
    }

    /**
     * True when work handed off from the current thread belongs to the drain: the thread runs a tracked request,
     * task or message, or it is the agent's own thread stopping an integration's intake.
     */
    static boolean isPartOfTheDrain() {
        return InFlight.currentThreadRunsTrackedWork() || ShutdownSequence.isStoppingIntakeOnThisThread();
    }

    void stop() {
        intakeStopped = true;
    }

    /**
     * True when work handed off now, after intake stopped, comes through an intake the agent did not stop and
     * could hold the drain: from a thread running no tracked work while the drain still waits for some. The last
     * step of work that just ended (a call's final callback) and the application's own shutdown after the drain
     * are neither.
     */
    static boolean isUnknownIntake() {
        return !isPartOfTheDrain() && InFlight.anyWorkRunning() && !ShutdownSequence.drainIsOver();
    }

    /** Whether the drain is to wait for work that {@code origin} starts now on the current thread. */
    boolean admits(String origin) {
        if (!intakeStopped || isPartOfTheDrain()) {
            return true;
        }
        if (isUnknownIntake() && named.add(String.valueOf(origin))) {
            LOG.warn("{} keep starting after intake stopped, from {}, which runs no work the agent tracks: an intake"
                    + " it does not know; the drain does not wait for them, and the application's own shutdown"
                    + " stops that intake", what, HandOffSource.describe(Thread.currentThread()));
        }
        return false;
    }
}
