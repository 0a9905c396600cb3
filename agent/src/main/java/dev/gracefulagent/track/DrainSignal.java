package dev.gracefulagent.track;

/**
 * Wakes the drain when a tracker reaches zero, and the idle grace when a connection closes. Nothing knocks before
 * the drain has armed the signal, so normal operation never touches the lock.
 */
public final class DrainSignal {
    /** Condition the drain waits for, re-checked after every knock. */
    public interface Condition {
        boolean isMet();
    }

    private final Object lock = new Object();
    private volatile boolean armed;
    /** How many knocks came since the signal was armed; guarded by {@code lock}. */
    private long knocks;
    private volatile long deadlineNanos;

    /** The drain begins; it ends at {@code deadlineNanos} at the latest. */
    public void arm(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        armed = true;
    }

    /** A unit of work ended and its tracker is now empty. */
    void knock() {
        if (armed) {
            synchronized (lock) {
                knocks++;
                lock.notifyAll();
            }
        }
    }

    /**
     * A connection closed: the idle grace, which may be waiting for that connection, looks again. No unit of work
     * ended, so nothing else does.
     */
    public void connectionClosed() {
        knock();
    }

    /**
     * How many knocks came so far: with {@link #awaitKnockAfter}, to wait for the next unit of work to end or
     * the next connection to close.
     */
    public long knocks() {
        synchronized (lock) {
            return knocks;
        }
    }

    /** Waits, without polling, until a knock after the {@code seen}-th or the deadline; false at the deadline. */
    public boolean awaitKnockAfter(final long seen, long deadlineNanos) throws InterruptedException {
        return awaitUntil(new Condition() {
            @Override
            public boolean isMet() {
                return knocks != seen;
            }
        }, deadlineNanos);
    }

    /** Waits, without polling, until the condition holds or the deadline passes; true when it holds. */
    public boolean awaitUntil(Condition condition, long deadlineNanos) throws InterruptedException {
        synchronized (lock) {
            while (!condition.isMet()) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                lock.wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
            }
            return true;
        }
    }

    /**
     * For a step of the application's own shutdown that must wait for the drain (it would break work in flight):
     * waits until the condition holds or the drain's deadline passes; false at once when no drain has begun.
     */
    public boolean awaitWithinDrain(Condition condition) throws InterruptedException {
        return armed && awaitUntil(condition, deadlineNanos);
    }
}
