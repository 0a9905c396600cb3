package dev.gracefulagent.track;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

/**
 * One unit of work in flight: a request, a task, a borrowed connection. It is also the completion callback
 * libraries call ({@link Consumer} of the failure or null), so tracking costs a single object per unit.
 */
public final class Unit implements Consumer<Object> {
    private static final AtomicIntegerFieldUpdater<Unit> ENDED = AtomicIntegerFieldUpdater.newUpdater(Unit.class,
            "ended");

    private final InFlight owner;
    final Object subject;
    volatile Thread thread;
    /** When the unit was placed on {@link #thread}: a pooled thread runs the unit placed on it last. */
    volatile long onThreadSinceNanos;
    final long startNanos;
    private volatile int ended;
    /**
     * Units live in a hash set while in flight. Equality stays identity, but not the identity hash: the JVM
     * makes that on first use with a call into the runtime and a CAS on the object header, about a quarter of
     * what begin and end cost together (bench/jmh).
     */
    private final int hash = ThreadLocalRandom.current().nextInt();

    Unit(InFlight owner, Object subject, Thread thread, long startNanos) {
        this.owner = owner;
        this.subject = subject;
        this.thread = thread;
        this.startNanos = startNanos;
        this.onThreadSinceNanos = startNanos;
    }

    /** Ends the unit; later calls do nothing, also when two threads end it at once (a double count). */
    public void end() {
        if (ENDED.compareAndSet(this, 0, 1)) {
            owner.ended(this, true);
        }
    }

    /**
     * Ends the unit without counting it as drained: the work can no longer finish (a broker connection closed
     * under a message in hand, say), so waiting for it is pointless, and the summary must not call it drained.
     */
    public void abandon() {
        if (ENDED.compareAndSet(this, 0, 1)) {
            owner.ended(this, false);
        }
    }

    /**
     * The work moved on to the current thread, or came back to it: a container dispatched it from an I/O
     * thread to a worker, or resumed it after an asynchronous wait. The report then shows where that thread is.
     */
    public void movedToCurrentThread() {
        thread = Thread.currentThread();
        onThreadSinceNanos = System.nanoTime();
    }

    @Override
    public void accept(Object failureOrNull) {
        end();
    }

    public Object subject() {
        return subject;
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
