package dev.gracefulagent.track;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the units of one kind of work (requests, tasks, connections) and remembers them for the report. */
public final class InFlight {
    /** Every tracker of units that run on a thread, to tell whether a thread is doing tracked work. */
    private static final List<InFlight> ON_THREADS = new CopyOnWriteArrayList<>();

    private final String noun;
    private final Describer describer;
    private final DrainSignal signal;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong endedDuringShutdown = new AtomicLong();
    private final Set<Unit> units = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    public InFlight(String noun, Describer describer, DrainSignal signal) {
        this(noun, describer, signal, true);
    }

    /**
     * {@code onThreads} false for units that stand for waiting work (a queue's backlog) rather than for work a
     * thread runs.
     */
    public InFlight(String noun, Describer describer, DrainSignal signal, boolean onThreads) {
        this.noun = noun;
        this.describer = describer;
        this.signal = signal;
        if (onThreads) {
            ON_THREADS.add(this);
        }
    }

    /**
     * True when the current thread runs a unit of any tracker: a request, a task, a message in hand. Scans the
     * units in flight, so it is for the drain's rare questions (work handed off during the drain), not for a hot
     * path.
     */
    public static boolean currentThreadRunsTrackedWork() {
        Thread current = Thread.currentThread();
        for (InFlight tracker : ON_THREADS) {
            for (Unit unit : tracker.units) {
                if (unit.thread == current) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when any tracker has a unit of running work (a request, a task, a message in hand) in flight. */
    public static boolean anyWorkRunning() {
        for (InFlight tracker : ON_THREADS) {
            if (!tracker.units.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Starts tracking a unit of work on the current thread. */
    public Unit begin(Object subject) {
        Unit unit = new Unit(this, subject, Thread.currentThread(), System.nanoTime());
        count.incrementAndGet();
        units.add(unit);
        return unit;
    }

    /** {@code completed}: false when the work was given up rather than finished; it is then not counted as drained. */
    void ended(Unit unit, boolean completed) {
        units.remove(unit);
        if (shuttingDown && completed) {
            endedDuringShutdown.incrementAndGet();
        }
        // while draining every end knocks: the drain may be waiting for all but the unit of the exiting thread
        if (count.decrementAndGet() == 0 || shuttingDown) {
            signal.knock();
        }
    }

    /** From now on count completions as drained ones. */
    public void shutdownBegan() {
        shuttingDown = true;
    }

    /** True once the shutdown sequence has begun, e.g. for hooks that must hold a resource back from then on. */
    public boolean shutdownHasBegun() {
        return shuttingDown;
    }

    public String noun() {
        return noun;
    }

    public int count() {
        return count.get();
    }

    /**
     * Units in flight other than the one running on {@code thread} (the one calling System.exit, say). Threads
     * are pooled: a unit an earlier task left on that thread (an async request waiting for its completion)
     * still counts; only the unit placed on the thread last, the one it runs now, does not.
     */
    public int countExcluding(Thread thread) {
        int n = count.get();
        if (n == 0 || thread == null) {
            return n;
        }
        Unit current = placedLast().get(thread);
        return current != null && UnitReport.isRunningOn(current, describer) ? n - 1 : n;
    }

    /** For each thread, the unit placed on it last: the only one that thread can be running now. */
    private Map<Thread, Unit> placedLast() {
        Map<Thread, Unit> last = new HashMap<>();
        for (Unit unit : units) {
            Unit other = last.get(unit.thread);
            if (other == null || unit.onThreadSinceNanos - other.onThreadSinceNanos > 0) {
                last.put(unit.thread, unit);
            }
        }
        return last;
    }

    /** Units that completed after the shutdown began. */
    public long drained() {
        return endedDuringShutdown.get();
    }

    /** The units still running: what, how old, which thread, where. */
    public List<RunningUnit> describeRunning(int maxFrames) {
        List<RunningUnit> running = new ArrayList<>();
        long now = System.nanoTime();
        Map<Thread, Unit> placedLast = placedLast();
        for (Unit unit : units) {
            running.add(UnitReport.describe(unit, describer, now, maxFrames, placedLast.get(unit.thread) == unit));
        }
        return running;
    }
}
