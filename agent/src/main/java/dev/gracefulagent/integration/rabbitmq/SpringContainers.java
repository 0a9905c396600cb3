package dev.gracefulagent.integration.rabbitmq;

import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import dev.gracefulagent.track.WeakRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;

/**
 * Spring AMQP listener containers ({@code AbstractMessageListenerContainer}: simple and direct), found when they
 * start. At stop intake each running container is stopped by its own {@code stop()}, on a thread of its own: it
 * cancels its consumers and waits for the message in hand. The drain waits for every such stop, and for the
 * message itself (its ack is tracked as for any consumer). The container's shutdown timeout is raised to the
 * agent's deadline first, so that Spring does not close the channel under a message still being processed.
 *
 * <p>A simple container's consumer keeps the messages the broker prefetched in a queue of its own and would go on
 * processing them after the cancel; they are taken out and rejected with requeue, so that no message starts after
 * the signal and the broker hands them to another consumer.
 */
final class SpringContainers {
    static final String CONTAINER = Channels.SPRING_PREFIX + "rabbit.listener.AbstractMessageListenerContainer";
    static final String QUEUE_CONSUMER = Channels.SPRING_PREFIX + "rabbit.listener.BlockingQueueConsumer";
    private static final Logger LOG = Log.get(SpringContainers.class);

    final WeakRegistry<Object> containers = new WeakRegistry<>();
    private final InFlight stops;

    SpringContainers(InFlight stops) {
        this.stops = stops;
    }

    String stopIntake(long shutdownTimeoutMillis) {
        int stopping = 0;
        int rejected = 0;
        for (final Object container : containers.snapshot()) {
            try {
                if (!(Boolean) Reflection.call(container, "isRunning")) {
                    continue;
                }
                Reflection.call(container, "setShutdownTimeout", shutdownTimeoutMillis);
                rejected += rejectPrefetched(container);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("could not prepare {} for its stop: {}", container, e.toString());
            }
            stopInBackground(container);
            stopping++;
        }
        if (stopping == 0) {
            return null;
        }
        return stopping + " listener container(s) stopping" + (rejected > 0 ? ", " + rejected
                + " message(s) they had prefetched rejected with requeue" : "");
    }

    /** Counted before the stop thread starts, so the drain cannot miss it. */
    private void stopInBackground(Object container) {
        Thread stop = new Thread(new ContainerStop(container, stops.begin(container)),
                "graceful-rabbit-container-stop");
        stop.setDaemon(true);
        stop.start();
    }

    /** One container's own stop, which returns once its consumers finished the messages in hand. */
    private static final class ContainerStop implements Runnable {
        private final Object container;
        private final Unit unit;

        ContainerStop(Object container, Unit unit) {
            this.container = container;
            this.unit = unit;
        }

        @Override
        public void run() {
            unit.movedToCurrentThread();
            try {
                Reflection.call(container, "stop");
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("listener container {} failed to stop: {}", container, e.toString());
            } finally {
                unit.end();
            }
        }
    }

    /** Empties the local queue of each consumer of a simple container; the number of messages rejected. */
    private static int rejectPrefetched(Object container) throws ReflectiveOperationException {
        if (!Reflection.has(container, "getQueueNames", 0)) {
            return 0;
        }
        int rejected = 0;
        for (Object consumer : consumersOf(container)) {
            if (!consumer.getClass().getName().equals(QUEUE_CONSUMER)) {
                continue;
            }
            List<Object> prefetched = new ArrayList<>();
            ((BlockingQueue<?>) Reflection.field(consumer, "queue")).drainTo(prefetched);
            Object channel = channelOf(consumer);
            for (Object delivery : prefetched) {
                Object envelope = Reflection.call(delivery, "getEnvelope");
                Reflection.call(channel, "basicReject", Reflection.call(envelope, "getDeliveryTag"), true);
                rejected++;
            }
        }
        return rejected;
    }

    /** The client's channel under a consumer's (Spring's cached channel proxy, or the channel itself). */
    static Object channelOf(Object queueConsumer) throws ReflectiveOperationException {
        Object channel = Reflection.call(queueConsumer, "getChannel");
        return Reflection.has(channel, "getTargetChannel", 0) ? Reflection.call(channel, "getTargetChannel") : channel;
    }

    /** The container's consumers ({@code consumers}: a set guarded by a lock of its own, so copied with a retry). */
    private static List<Object> consumersOf(Object container) throws ReflectiveOperationException {
        for (int attempt = 0; ; attempt++) {
            Object consumers = Reflection.field(container, "consumers");
            if (consumers == null) {
                return new ArrayList<>();
            }
            try {
                return new ArrayList<Object>((Collection<?>) consumers);
            } catch (ConcurrentModificationException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** "listener container SimpleMessageListenerContainer [orders]". */
    static final class StopDescriber implements Describer {
        @Override
        public String describe(Object container) {
            String queues;
            try {
                queues = Arrays.toString((String[]) Reflection.call(container, "getQueueNames"));
            } catch (ReflectiveOperationException | RuntimeException e) {
                queues = "";
            }
            return "stop of listener container " + container.getClass().getSimpleName() + " " + queues;
        }

        @Override
        public String entryFrame() {
            return ContainerStop.class.getName() + ".run";
        }
    }
}
