package dev.gracefulagent.integration.kafka;

import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the agent knows of one {@code KafkaConsumer}: the records its polls handed out that are not committed yet,
 * per partition, and whether it has been closed. While any partition owes a commit, the consumer holds one unit of
 * work; a commit that reaches every handed-out offset ends it.
 *
 * <p>Offsets, not batches: Kafka commits a position per partition, and a commit of position p covers every record
 * before p, whichever poll handed it out. So a partition owes a commit from its first uncommitted record handed
 * out until a commit reaches one past the last record handed out. Methods are synchronized: commits may complete
 * on the client's heartbeat thread while the poll thread hands out more. The lock is taken once per non-empty
 * poll and once per commit, uncontended in the usual single-threaded loop.
 */
final class ConsumerState {
    private final WeakReference<Object> consumer;
    private final WeakReference<Object> interceptors;
    /** Partition (Kafka's TopicPartition, compared by value) to {first uncommitted offset, next offset to commit}. */
    private final Map<Object, long[]> uncommitted = new HashMap<Object, long[]>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private Unit unit;
    /** The thread of the consumer's latest poll after the shutdown began. */
    private volatile Thread pollThread;
    /** The close phase is trying to close or wake the consumer from its own thread. */
    private boolean closingHere;
    private volatile boolean closeRequested;

    ConsumerState(Object consumer, Object interceptors) {
        this.consumer = new WeakReference<Object>(consumer);
        this.interceptors = new WeakReference<Object>(interceptors);
    }

    Object consumer() {
        return consumer.get();
    }

    boolean hasInterceptors(Object candidate) {
        return interceptors.get() == candidate;
    }

    /**
     * A poll handed out records {@code first} to {@code next - 1} of a partition. Waits while the close phase tries
     * to close the consumer from its own thread: that attempt then fails (this poll holds the consumer), and the
     * records are registered before the close phase looks again.
     */
    synchronized void handedOut(Object partition, long first, long next, InFlight records) {
        while (closingHere) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long[] offsets = uncommitted.get(partition);
        if (offsets == null) {
            uncommitted.put(partition, new long[] {first, next});
        } else {
            offsets[1] = Math.max(offsets[1], next);
        }
        if (unit == null) {
            unit = records.begin(this);
        }
    }

    /** A commit of {@code offset} (the next record to read) succeeded for a partition. */
    synchronized void committed(Object partition, long offset) {
        long[] offsets = uncommitted.get(partition);
        if (offsets == null) {
            return;
        }
        if (offset >= offsets[1]) {
            uncommitted.remove(partition);
        } else if (offset > offsets[0]) {
            offsets[0] = offset;
        }
        endIfNothingOwed();
    }

    /**
     * Forgets partitions the consumer no longer owns (revoked in a rebalance before their records were committed):
     * no commit of this consumer can cover them any more; their next owner reads them again. Returns them.
     */
    synchronized List<String> keepOnly(Collection<?> assignment) {
        List<String> dropped = new ArrayList<String>();
        for (Iterator<Map.Entry<Object, long[]>> it = uncommitted.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Object, long[]> entry = it.next();
            if (!assignment.contains(entry.getKey())) {
                dropped.add(describe(entry));
                it.remove();
            }
        }
        endIfNothingOwed();
        return dropped;
    }

    /**
     * Runs {@code attempt} (closing or waking the consumer) unless the consumer owes a commit, in which case its
     * thread still works on records: it commits them and closes the consumer at its next poll. No poll can hand out
     * records between the look and the attempt. The attempt runs outside the lock: a close stops the client's
     * heartbeat thread, which may be completing a commit that needs the lock.
     */
    boolean unlessOwing(Attempt attempt) throws Exception {
        synchronized (this) {
            if (!uncommitted.isEmpty()) {
                return false;
            }
            closingHere = true;
        }
        try {
            return attempt.run();
        } finally {
            synchronized (this) {
                closingHere = false;
                notifyAll();
            }
        }
    }

    /** Something the close phase does to the consumer from its own thread; true when it took effect. */
    interface Attempt {
        boolean run() throws Exception;
    }

    /** The consumer was closed: whatever it still owes is never committed by it. Returns that, and ends the unit. */
    synchronized List<String> closedOwing() {
        List<String> owed = uncommittedLines();
        uncommitted.clear();
        endIfNothingOwed();
        closed.countDown();
        return owed;
    }

    private void endIfNothingOwed() {
        if (uncommitted.isEmpty() && unit != null) {
            unit.end();
            unit = null;
        }
    }

    synchronized List<String> uncommittedLines() {
        List<String> lines = new ArrayList<String>();
        for (Map.Entry<Object, long[]> entry : uncommitted.entrySet()) {
            lines.add(describe(entry));
        }
        return lines;
    }

    private static String describe(Map.Entry<Object, long[]> entry) {
        long[] offsets = entry.getValue();
        return entry.getKey() + " offsets " + offsets[0] + ".." + (offsets[1] - 1);
    }

    void polling() {
        pollThread = Thread.currentThread();
    }

    Thread pollThread() {
        return pollThread;
    }

    void requestClose() {
        closeRequested = true;
    }

    boolean closeRequested() {
        return closeRequested;
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    boolean awaitClosed(long millis) throws InterruptedException {
        return closed.await(millis, TimeUnit.MILLISECONDS);
    }
}
