package dev.gracefulagent.integration.rabbitmq;

import dev.gracefulagent.integration.rabbitmq.ChannelState.Delivery;
import dev.gracefulagent.track.Describer;

/** "message from queue orders, consumer tag amq.ctag-1, delivery tag 7". */
final class MessageDescriber implements Describer {
    private final String entryFrame;

    /** {@code entryFrame}: where the thread handing the message to the application is while it does. */
    MessageDescriber(String entryFrame) {
        this.entryFrame = entryFrame;
    }

    @Override
    public String describe(Object delivery) {
        return describeDelivery((Delivery) delivery);
    }

    static String describeDelivery(Delivery delivery) {
        return "message from queue " + delivery.consumer.queue + ", consumer tag " + delivery.consumerTag
                + ", delivery tag " + delivery.deliveryTag;
    }

    @Override
    public String entryFrame() {
        return entryFrame;
    }
}
