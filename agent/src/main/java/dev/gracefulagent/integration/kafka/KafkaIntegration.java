package dev.gracefulagent.integration.kafka;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The Kafka Java client ({@code kafka-clients} 3.x and 4.x), consumers of either group protocol.
 *
 * <ul>
 * <li>Stop intake: from the signal on, each consumer pauses all its assigned partitions at the start of its next
 * {@code poll}, on its own thread (a {@code KafkaConsumer} must not be used from two threads). Its polls then
 * return nothing and its position stays where the application's loop left it: nothing is skipped, the records
 * not handed out are read after the restart. The loop finishes the records it holds and keeps polling, empty.</li>
 * <li>Drain: records are work from the poll that hands them out until a successful commit covers them
 * ({@code commitSync}, a completed {@code commitAsync}, or an auto-commit), as seen by the consumer's interceptor
 * chain, which Kafka calls at both moments. A commit that completes inside a later poll (an asynchronous or
 * automatic commit) completes while the loop waits in that paused poll.</li>
 * <li>Close, after the drain and the application's hooks: consumers still open are closed, which sends the group
 * leave, so their partitions move to the other members at once rather than after {@code session.timeout.ms}.
 * A consumer no thread is inside is closed from here. One whose thread waits in {@code poll} (paused, or a poll
 * that began before the signal) is woken as its own {@code wakeup()} would: the poll throws a WakeupException in
 * the application's loop, which the loop of a service without shutdown code does not survive, just as it would not
 * survive a poll on a closed consumer. Then the consumer is closed from here, or by its thread at its next poll.
 * The loop's poll timeout (often minutes, or {@code Long.MAX_VALUE}) is not waited out.</li>
 * </ul>
 */
public final class KafkaIntegration implements Integration {
    static final String NAME = "kafka";
    private static final Logger LOG = Log.get(KafkaIntegration.class);
    private static final String CONSUMER = "org.apache.kafka.clients.consumer.KafkaConsumer";
    private static final String INTERCEPTORS = "org.apache.kafka.clients.consumer.internals.ConsumerInterceptors";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How long the close phase waits for a consumer's thread to finish the records a poll under way at the signal
     * handed out, or to leave a woken poll (at once, unless in a rebalance callback of the application's).
     */
    private static final long OWN_THREAD_MAX_WAIT_MILLIS = 15000;
    private static final long RETRY_CLOSE_MILLIS = 5;

    private final Consumers consumers = new Consumers();
    private final List<String> closedUncommitted = Collections.synchronizedList(new ArrayList<String>());
    private InFlight records;
    private volatile boolean stopping;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        records = new InFlight("kafka record sets", new RecordsDescriber(), signal);
        instrumenter.hook(NAME, HookPoint.atEntry(CONSUMER, "poll",
                "(Ljava/time/Duration;)Lorg/apache/kafka/clients/consumer/ConsumerRecords;"), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object consumer, Object a, Object b, Object c) {
                        polling(consumer);
                        return false;
                    }
                });
        instrumenter.hook(NAME, HookPoint.atEntry(INTERCEPTORS, "onConsume",
                "(Lorg/apache/kafka/clients/consumer/ConsumerRecords;)Lorg/apache/kafka/clients/consumer/ConsumerRecords;",
                0), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object interceptors, Object polled, Object b, Object c) {
                        handedOut(interceptors, polled);
                        return false;
                    }
                });
        instrumenter.hook(NAME, HookPoint.atEntry(INTERCEPTORS, "onCommit", "(Ljava/util/Map;)V", 0),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object interceptors, Object offsets, Object b, Object c) {
                        committed(interceptors, (Map<?, ?>) offsets);
                        return false;
                    }
                });
        Bridge.Hook closed = new Bridge.Hook() {
            @Override
            public boolean enter(Object consumer, Object a, Object b, Object c) {
                closed(consumer);
                return false;
            }
        };
        instrumenter.hook(NAME, HookPoint.atReturn(CONSUMER, "close", "()V"), closed);
        instrumenter.hook(NAME, HookPoint.atReturn(CONSUMER, "close", "(Ljava/time/Duration;)V"), closed);
    }

    private void polling(Object consumer) {
        ConsumerState state = consumers.byConsumer(consumer);
        if (state == null) {
            state = register(consumer);
        }
        if (!stopping) {
            return;
        }
        state.polling();
        if (state.closeRequested()) {
            closeOnOwnThread(consumer);
        } else {
            pauseOnOwnThread(state, consumer);
        }
    }

    private ConsumerState register(Object consumer) {
        Object interceptors = null;
        try {
            interceptors = KafkaApi.interceptorsOf(consumer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("kafka consumer {}: its interceptor chain was not found ({}); it is paused and closed at"
                    + " shutdown, but its records in hand are not waited for", consumer, e.toString());
        }
        return consumers.add(consumer, interceptors);
    }

    private void pauseOnOwnThread(ConsumerState state, Object consumer) {
        try {
            Collection<?> assignment = KafkaApi.assignment(consumer);
            KafkaApi.pause(consumer, assignment);
            for (String revoked : state.keepOnly(assignment)) {
                LOG.warn("kafka {} was revoked before its records were committed; its next owner reads them again",
                        revoked);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the close phase may hold the consumer this very moment: then it is being closed, not paused
            if (!state.closeRequested()) {
                LOG.warn("could not pause kafka consumer {}: {}", consumer, e.toString());
            }
        }
    }

    private void handedOut(Object interceptors, Object polled) {
        ConsumerState state = consumers.byInterceptors(interceptors);
        if (state == null) {
            return;
        }
        try {
            for (Object partition : KafkaApi.partitions(polled)) {
                List<?> list = KafkaApi.recordsOf(polled, partition);
                if (list.isEmpty()) {
                    continue;
                }
                long first = KafkaApi.offset(list.get(0));
                long next = KafkaApi.offset(list.get(list.size() - 1)) + 1;
                state.handedOut(partition, first, next, records);
                if (stopping) {
                    // a poll already waiting at the signal, or partitions assigned during a paused poll
                    LOG.info("kafka {} offsets {}..{} handed out after the signal by a poll that was under way;"
                            + " waiting for their commit", partition, first, next - 1);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not read the records a poll handed out", e);
        }
    }

    private void committed(Object interceptors, Map<?, ?> offsets) {
        ConsumerState state = consumers.byInterceptors(interceptors);
        if (state == null) {
            return;
        }
        try {
            for (Map.Entry<?, ?> entry : offsets.entrySet()) {
                state.committed(entry.getKey(), KafkaApi.offset(entry.getValue()));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not read committed offsets", e);
        }
    }

    private void closed(Object consumer) {
        ConsumerState state = consumers.byConsumer(consumer);
        if (state == null) {
            return;
        }
        consumers.remove(state);
        List<String> owed = state.closedOwing();
        if (!owed.isEmpty() && records.shutdownHasBegun()) {
            LOG.warn("kafka consumer closed with records handed out but not committed: {}; they are delivered"
                    + " again after the restart", owed);
            closedUncommitted.addAll(owed);
        }
    }

    @Override
    public String stopIntake() {
        stopping = true;
        int open = consumers.open().size();
        return open == 0 ? null : open + " consumer(s) pause their partitions at their next poll";
    }

    @Override
    public List<InFlight> inFlight() {
        return Collections.singletonList(records);
    }

    @Override
    public String closedNoun() {
        return "kafka consumers";
    }

    /**
     * Closes the consumers the application left open. From this thread when no other thread is inside the consumer
     * (Kafka refuses a second thread with a ConcurrentModificationException before doing anything); otherwise after
     * waking the poll the consumer's thread waits in. Everything the drain waited for is committed by now, so the
     * woken poll cuts no work: at most it does not hand out records that are read again after the restart.
     */
    @Override
    public int close() throws Exception {
        int closed = 0;
        List<String> notClosed = new ArrayList<String>();
        for (ConsumerState state : consumers.open()) {
            Object consumer = state.consumer();
            if (consumer == null) {
                continue;
            }
            state.requestClose();
            if (closeHere(consumer) || closeAfterWakingItsPoll(state, consumer)) {
                closed++;
            } else {
                notClosed.add(consumer + " (thread " + describeThread(state.pollThread()) + ")");
            }
        }
        if (!closedUncommitted.isEmpty()) {
            throw new IllegalStateException("kafka consumer(s) closed with records not committed: "
                    + closedUncommitted);
        }
        if (!notClosed.isEmpty()) {
            throw new IllegalStateException("kafka consumer(s) not closed, their partitions move only after"
                    + " session.timeout.ms: " + notClosed);
        }
        if (closed > 0) {
            LOG.info("closed {} kafka consumer(s); their group rebalances now", closed);
        }
        return closed;
    }

    private static boolean closeHere(Object consumer) throws ReflectiveOperationException {
        try {
            KafkaApi.close(consumer, CLOSE_TIMEOUT);
            return true;
        } catch (ConcurrentModificationException e) {
            return false;
        }
    }

    /**
     * The consumer's thread is inside it. While it owes a commit, the thread works on records and closes the
     * consumer at its next poll. Once it owes none, its poll is woken (the loop sees a WakeupException, as after its
     * own {@code wakeup()}) and the consumer closed from here as soon as the thread has left it. Nothing tells when
     * a thread leaves a poll by an exception, so this looks again every few milliseconds.
     */
    private static boolean closeAfterWakingItsPoll(ConsumerState state, final Object consumer) throws Exception {
        ConsumerState.Attempt close = new ConsumerState.Attempt() {
            @Override
            public boolean run() throws Exception {
                return closeHere(consumer);
            }
        };
        ConsumerState.Attempt wake = new ConsumerState.Attempt() {
            @Override
            public boolean run() throws Exception {
                KafkaApi.wakeup(consumer);
                return true;
            }
        };
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OWN_THREAD_MAX_WAIT_MILLIS);
        boolean woken = false;
        while (System.nanoTime() < deadline) {
            if (state.awaitClosed(RETRY_CLOSE_MILLIS) || state.unlessOwing(close)) {
                return true;
            }
            if (!woken) {
                woken = state.unlessOwing(wake);
            }
        }
        return state.isClosed();
    }

    private static void closeOnOwnThread(Object consumer) {
        try {
            KafkaApi.close(consumer, CLOSE_TIMEOUT);
        } catch (ConcurrentModificationException e) {
            LOG.debug("kafka consumer {} is being closed by the close phase", consumer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not close kafka consumer {} on its thread: {}", consumer, e.toString());
        }
    }

    private static String describeThread(Thread thread) {
        return thread == null ? "unknown" : thread.getName();
    }

    /** "kafka consumer records not committed: orders-0 offsets 12..14". */
    private static final class RecordsDescriber implements Describer {
        @Override
        public String describe(Object state) {
            return "kafka consumer records not committed: " + ((ConsumerState) state).uncommittedLines();
        }

        @Override
        public String entryFrame() {
            // the application's loop holds the records: no Kafka frame is on its stack while it works on them
            return null;
        }
    }
}
