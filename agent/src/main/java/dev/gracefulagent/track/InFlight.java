package dev.gracefulagent.track;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the units of one kind of work (requests, tasks, connections) and remembers them for the report. */
public final class InFlight {
    private final String noun;
    private final Describer describer;
    private final DrainSignal signal;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong endedDuringShutdown = new AtomicLong();
    private final Set<Unit> units = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    public InFlight(String noun, Describer describer, DrainSignal signal) {
        this.noun = noun;
        this.describer = describer;
        this.signal = signal;
    }

    /** Starts tracking a unit of work on the current thread. */
    public Unit begin(Object subject) {
        Unit unit = new Unit(this, subject, Thread.currentThread(), System.nanoTime());
        count.incrementAndGet();
        units.add(unit);
        return unit;
    }

    void ended(Unit unit) {
        units.remove(unit);
        if (shuttingDown) {
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

    /** Units in flight other than those running on {@code thread} (the one calling System.exit, say). */
    public int countExcluding(Thread thread) {
        int n = count.get();
        if (n == 0 || thread == null) {
            return n;
        }
        int others = 0;
        for (Unit unit : units) {
            if (unit.thread != thread || !UnitReport.isRunningOn(unit, describer)) {
                others++;
            }
        }
        return others;
    }

    /** Units that completed after the shutdown began. */
    public long drained() {
        return endedDuringShutdown.get();
    }

    /** A line per unit still running: what, how old, which thread, where. */
    public List<String> describeRunning(int maxFrames) {
        List<String> lines = new ArrayList<>();
        long now = System.nanoTime();
        for (Unit unit : units) {
            lines.add(UnitReport.describe(unit, describer, now, maxFrames));
        }
        return lines;
    }
}
