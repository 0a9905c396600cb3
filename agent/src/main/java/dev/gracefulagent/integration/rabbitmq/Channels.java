package dev.gracefulagent.integration.rabbitmq;

import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.rabbitmq.ChannelState.ConsumerInfo;
import dev.gracefulagent.integration.rabbitmq.ChannelState.Delivery;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * The consuming channels of the RabbitMQ Java client and what is in hand on each. Fed by the hooks: a consume
 * request and its ConsumeOk, each delivery a consumer starts, each ack/nack/reject sent, each cancel, each close.
 * A channel is known from its first consume on (channels that only publish are never tracked).
 */
final class Channels {
    private static final Logger LOG = Log.get(Channels.class);
    /** Spring AMQP's consumers belong to listener containers, which cancel them in their own stop. */
    static final String SPRING_PREFIX = "org.springframework.amqp.";
    /** The consumer of Spring's simple container: it only queues deliveries for the container's own thread. */
    static final String SPRING_BUFFERING_CONSUMER = SPRING_PREFIX
            + "rabbit.listener.BlockingQueueConsumer$InternalConsumer";

    private final Map<Object, ChannelState> byChannel = new ConcurrentHashMap<>();
    /**
     * Channels seen closing, held weakly: the close is seen at the entry of {@code processShutdownSignal}, before
     * the channel itself says it is closed, while the client may still run the rest of a batch of deliveries.
     */
    private final Set<Object> closedChannels = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<Object, Boolean>()));
    private final InFlight messages;
    private final AtomicInteger unacknowledgedAtClose = new AtomicInteger();
    private volatile boolean intakeStopped;

    Channels(InFlight messages) {
        this.messages = messages;
    }

    /** {@code AMQChannel.rpc(Method, RpcContinuation)} with a {@code basic.consume}. */
    void consumeRequested(Object channel, String queue, boolean autoAck) {
        ChannelState state = byChannel.get(channel);
        if (state == null) {
            ChannelState created = new ChannelState(channel);
            state = byChannel.putIfAbsent(channel, created);
            state = state == null ? created : state;
        }
        state.consumeRequested = new ConsumerInfo(queue, autoAck);
    }

    /** {@code ConsumerDispatcher.handleConsumeOk}: the broker's tag for the consume requested last. */
    void consumeOk(Object channel, String consumerTag) {
        ChannelState state = byChannel.get(channel);
        if (state != null && state.consumeRequested != null) {
            state.consumers.put(consumerTag, state.consumeRequested);
            state.consumeRequested = null;
        }
    }

    /** {@code ConsumerDispatcher.handleCancelOk}, on the connection's reader thread. */
    void cancelOk(Object channel, String consumerTag) {
        ChannelState state = byChannel.get(channel);
        ConsumerInfo consumer = state == null ? null : state.consumers.get(consumerTag);
        if (consumer != null) {
            consumer.cancelled = true;
        }
    }

    /**
     * A consumer is about to be handed a delivery. Returns the unit to end when the handler returns (automatic
     * acknowledgement), null when the ack ends it or the delivery is not tracked, or {@link #NOT_STARTED} when it
     * must not be started: intake stopped and the broker still owns the message (manual acknowledgement). A
     * consumer that only {@code buffers} deliveries for a listener thread (Spring's simple container) starts no
     * work here: {@link #handedToListener} does.
     */
    Object delivering(Object channel, String consumerTag, long deliveryTag, boolean buffers) {
        ChannelState state = byChannel.get(channel);
        ConsumerInfo consumer = state == null ? null : state.consumers.get(consumerTag);
        if (consumer == null) {
            // consuming since before the agent saw it: left alone; but once intake stopped, a delivery whose
            // channel has closed (the client still runs the rest of a batch it took) could not be acked any more
            return intakeStopped && (closedChannels.contains(channel) || !isOpen(channel)) ? NOT_STARTED : null;
        }
        if (intakeStopped && !consumer.autoAck) {
            if (state.notStarted(consumer, deliveryTag)) {
                reject(state, deliveryTag);
            }
            return NOT_STARTED;
        }
        return buffers ? null : begin(messages, state, consumer, consumerTag, deliveryTag);
    }

    /** A listener thread took a buffered delivery to process it; the ack ends the unit. */
    void handedToListener(Object channel, String consumerTag, long deliveryTag, InFlight listenerMessages) {
        ChannelState state = byChannel.get(channel);
        ConsumerInfo consumer = state == null ? null : state.consumers.get(consumerTag);
        if (consumer != null) {
            begin(listenerMessages, state, consumer, consumerTag, deliveryTag);
        }
    }

    private static Unit begin(InFlight tracker, ChannelState state, ConsumerInfo consumer, String consumerTag,
                              long deliveryTag) {
        Unit unit = tracker.begin(new Delivery(consumer, consumerTag, deliveryTag));
        if (consumer.autoAck) {
            return unit;
        }
        state.delivered(deliveryTag, unit);
        return null;
    }

    static final Object NOT_STARTED = new Object();

    private static boolean isOpen(Object channel) {
        try {
            return (Boolean) Reflection.call(channel, "isOpen");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /** {@code AMQChannel.transmit} of a {@code basic.ack}, {@code basic.nack} or {@code basic.reject}. */
    void settled(Object channel, long deliveryTag, boolean multiple) {
        ChannelState state = byChannel.get(channel);
        if (state != null) {
            state.settled(deliveryTag, multiple);
        }
    }

    /** {@code AMQChannel.processShutdownSignal}: the channel closed, by the application or with its connection. */
    void closed(Object channel, Object cause) {
        closedChannels.add(channel);
        ChannelState state = byChannel.remove(channel);
        if (state == null) {
            return;
        }
        if (intakeStopped && !applicationInitiated(cause)) {
            LOG.warn("channel {} closed during the shutdown: {}", channel, cause);
        }
        Collection<Unit> left = state.closed();
        if (!left.isEmpty() && messages.shutdownHasBegun()) {
            unacknowledgedAtClose.addAndGet(left.size());
            for (Unit unit : left) {
                LOG.warn("channel {} closed before {} was acknowledged: the broker delivers it again", channel,
                        MessageDescriber.describeDelivery((Delivery) unit.subject()));
            }
        }
    }

    private static boolean applicationInitiated(Object shutdownSignal) {
        try {
            return (Boolean) Reflection.call(shutdownSignal, "isInitiatedByApplication");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /**
     * Stops intake: from now on no delivery is started on a manual-ack consumer, and the application's own
     * consumers are cancelled (the connection, its heartbeats and its channels stay open for the acks). Spring
     * AMQP's consumers are left to their containers. Deliveries held back on a cancelled consumer are rejected
     * with requeue, so the broker hands them to another consumer at once.
     */
    String stopIntake() {
        intakeStopped = true;
        int cancelled = 0;
        int rejected = 0;
        for (ChannelState state : byChannel.values()) {
            for (Map.Entry<String, Object> consumer : registeredConsumers(state.channel).entrySet()) {
                if (consumer.getValue().getClass().getName().startsWith(SPRING_PREFIX)) {
                    continue;
                }
                try {
                    Reflection.call(state.channel, "basicCancel", consumer.getKey());
                    cancelled++;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.warn("could not cancel consumer {} on {}: {}", consumer.getKey(), state.channel, e.toString());
                }
            }
            for (Long deliveryTag : state.takeNotStarted()) {
                rejected += reject(state, deliveryTag) ? 1 : 0;
            }
        }
        if (cancelled == 0 && rejected == 0) {
            return null;
        }
        return cancelled + " consumer(s) cancelled" + (rejected > 0 ? ", " + rejected + " prefetched message(s)"
                + " rejected with requeue" : "");
    }

    /** The channel's own consumer table ({@code ChannelN._consumers}): tag to consumer. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> registeredConsumers(Object channel) {
        try {
            return new ConcurrentHashMap<>((Map<String, Object>) Reflection.field(channel, "_consumers"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not read the consumers of {}: {}", channel, e.toString());
            return new ConcurrentHashMap<>();
        }
    }

    /** Hands a delivery that was never started back to the broker. */
    private static boolean reject(ChannelState state, long deliveryTag) {
        try {
            Reflection.call(state.channel, "basicReject", deliveryTag, true);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a closed channel has given it back already
            LOG.debug("could not reject delivery {} on {}: {}", deliveryTag, state.channel, e.toString());
            return false;
        }
    }

    /** Deliveries that went back to the broker unacknowledged because their channel closed during the shutdown. */
    int unacknowledgedAtClose() {
        return unacknowledgedAtClose.get();
    }

    List<Object> channels() {
        return new ArrayList<>(byChannel.keySet());
    }
}
