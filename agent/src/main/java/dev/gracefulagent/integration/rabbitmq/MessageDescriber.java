package dev.gracefulagent.integration.rabbitmq;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.integration.rabbitmq.ChannelState.Delivery;
import dev.gracefulagent.track.Describer;

/** "message from queue orders, consumer tag amq.ctag-1, delivery tag 7". */
final class MessageDescriber implements Describer {
    @Override
    public String describe(Object delivery) {
        return describeDelivery((Delivery) delivery);
    }

    static String describeDelivery(Delivery delivery) {
        return "message from queue " + delivery.consumer.queue + ", consumer tag " + delivery.consumerTag
                + ", delivery tag " + delivery.deliveryTag;
    }

    /** The consumer's handler runs inside the client's work-pool task, which the bridge runs. */
    @Override
    public String entryFrame() {
        return Bridge.class.getName() + ".runTask";
    }
}
