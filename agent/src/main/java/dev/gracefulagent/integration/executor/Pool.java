package dev.gracefulagent.integration.executor;

import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One executor or timer the agent has seen, held weakly: where it came from, whether it is the application's
 * (drained) or infrastructure (left alone), and, during the drain, the unit that stands for its queued work.
 */
final class Pool extends WeakReference<Object> {
    enum Kind { POOL, SCHEDULED, TIMER }

    final Kind kind;
    /** The class whose code created the executor, or null when it was created before the agent's hooks. */
    final String creator;
    private volatile boolean application;
    private volatile boolean excludedExplicitly;
    private final AtomicReference<Unit> backlog = new AtomicReference<>();
    /** Set once work reached the pool during the drain from a thread running no tracked work. */
    private volatile String outsideSource;

    Pool(Object executor, Kind kind, String creator, boolean application, boolean excludedExplicitly) {
        super(executor);
        this.kind = kind;
        this.creator = creator;
        this.application = application;
        this.excludedExplicitly = excludedExplicitly;
    }

    boolean isApplication() {
        return application;
    }

    /** A worker thread's name matched a pattern: include (true) or exclude (false); exclude wins for good. */
    void decidedByThreadName(boolean include) {
        if (!include) {
            excludedExplicitly = true;
            application = false;
        } else if (!excludedExplicitly) {
            application = true;
        }
    }

    /**
     * Work reaches the pool during the drain through an intake the agent does not know (described by
     * {@code source}): from now on the drain waits only for the runs already under way. True the first time.
     */
    boolean fedFromOutside(String source) {
        if (outsideSource != null) {
            return false;
        }
        outsideSource = source;
        releaseBacklog();
        return true;
    }

    boolean isFedFromOutside() {
        return outsideSource != null;
    }

    /** Queued work exists: make sure a unit stands for it, so the drain cannot end between two tasks. */
    void holdBacklog(InFlight backlogs) {
        if (backlog.get() == null && outsideSource == null) {
            Unit unit = backlogs.begin(this);
            if (!backlog.compareAndSet(null, unit)) {
                unit.end();
            }
        }
    }

    void releaseBacklog() {
        Unit unit = backlog.getAndSet(null);
        if (unit != null) {
            unit.end();
        }
    }

    @Override
    public String toString() {
        Object executor = get();
        String name = executor == null ? "collected executor" : executor.getClass().getName();
        return creator == null ? name : name + " created by " + creator;
    }
}
