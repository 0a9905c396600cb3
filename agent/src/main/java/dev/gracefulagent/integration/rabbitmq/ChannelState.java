package dev.gracefulagent.integration.rabbitmq;

import dev.gracefulagent.track.Unit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What the agent knows of one consuming channel ({@code ChannelN}): its consumers by tag, and the deliveries
 * handed to a consumer and not yet acknowledged, by delivery tag as the channel's consumers see it.
 */
final class ChannelState {
    /** One {@code basicConsume}: its queue, whether the broker acknowledges on sending, whether it was cancelled. */
    static final class ConsumerInfo {
        final String queue;
        final boolean autoAck;
        volatile boolean cancelled;

        ConsumerInfo(String queue, boolean autoAck) {
            this.queue = queue;
            this.autoAck = autoAck;
        }
    }

    /** A delivery in hand: the subject of its unit of work. */
    static final class Delivery {
        final ConsumerInfo consumer;
        final String consumerTag;
        final long deliveryTag;

        Delivery(ConsumerInfo consumer, String consumerTag, long deliveryTag) {
            this.consumer = consumer;
            this.consumerTag = consumerTag;
            this.deliveryTag = deliveryTag;
        }
    }

    final Object channel;
    final Map<String, ConsumerInfo> consumers = new ConcurrentHashMap<>();
    /** The consume request sent last; the broker's ConsumeOk names its tag (one RPC at a time per channel). */
    volatile ConsumerInfo consumeRequested;
    private final ConcurrentSkipListMap<Long, Unit> unacked = new ConcurrentSkipListMap<>();
    /** Deliveries not started after intake stopped, to reject once their consumer is cancelled. */
    private final List<Long> notStarted = new ArrayList<>();

    ChannelState(Object channel) {
        this.channel = channel;
    }

    void delivered(long deliveryTag, Unit unit) {
        unacked.put(deliveryTag, unit);
    }

    /** An ack, nack or reject was sent: ends the units it covers ({@code multiple}: every tag up to it, 0: all). */
    void settled(long deliveryTag, boolean multiple) {
        if (!multiple) {
            Unit unit = unacked.remove(deliveryTag);
            if (unit != null) {
                unit.end();
            }
            return;
        }
        ConcurrentNavigableMap<Long, Unit> covered = deliveryTag == 0 ? unacked : unacked.headMap(deliveryTag, true);
        for (Map.Entry<Long, Unit> entry : covered.entrySet()) {
            if (covered.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().end();
            }
        }
    }

    /** The channel closed: every delivery still unacknowledged goes back to the broker; none can be acked now. */
    Collection<Unit> closed() {
        List<Unit> left = new ArrayList<>(unacked.values());
        unacked.clear();
        for (Unit unit : left) {
            unit.abandon();
        }
        return left;
    }

    /**
     * A delivery that will not be started: true when its consumer is already cancelled (reject it now, the broker
     * will not send it back to this consumer), otherwise kept until the cancel and false.
     */
    synchronized boolean notStarted(ConsumerInfo consumer, long deliveryTag) {
        if (consumer.cancelled) {
            return true;
        }
        notStarted.add(deliveryTag);
        return false;
    }

    /** After the agent cancelled this channel's consumers: the deliveries kept until then. */
    synchronized List<Long> takeNotStarted() {
        List<Long> taken = new ArrayList<>(notStarted);
        notStarted.clear();
        return taken;
    }
}
