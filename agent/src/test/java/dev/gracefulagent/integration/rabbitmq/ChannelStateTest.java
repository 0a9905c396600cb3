package dev.gracefulagent.integration.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.integration.rabbitmq.ChannelState.ConsumerInfo;
import dev.gracefulagent.integration.rabbitmq.ChannelState.Delivery;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelStateTest {
    private final InFlight messages = new InFlight("rabbitmq messages", new MessageDescriber("x.y"), new DrainSignal());
    private final ChannelState state = new ChannelState(new Object());
    private final ConsumerInfo consumer = new ConsumerInfo("orders", false);

    private void deliver(long... tags) {
        for (long tag : tags) {
            state.delivered(tag, messages.begin(new Delivery(consumer, "ctag", tag)));
        }
    }

    @Test
    void anAckEndsItsOwnDeliveryOnly() {
        deliver(1, 2, 3);
        state.settled(2, false);
        assertEquals(2, messages.count());
        state.settled(2, false);
        assertEquals(2, messages.count());
    }

    @Test
    void aMultipleAckEndsEveryDeliveryUpToItsTag() {
        deliver(1, 2, 3, 4);
        state.settled(3, true);
        assertEquals(1, messages.count());
        assertTrue(messages.describeRunning(0).get(0).description().startsWith(
                "message from queue orders, consumer tag ctag, delivery tag 4"), messages.describeRunning(0).toString());
    }

    @Test
    void aMultipleAckOfTagZeroEndsAll() {
        deliver(5, 6);
        state.settled(0, true);
        assertEquals(0, messages.count());
    }

    @Test
    void aClosedChannelHandsBackWhatWasStillUnacknowledgedAndDoesNotCallItDrained() {
        messages.shutdownBegan();
        deliver(1, 2);
        state.settled(1, false);
        assertEquals(1, state.closed().size());
        assertEquals(0, messages.count());
        assertEquals(1, messages.drained());
    }

    @Test
    void aDeliveryNotStartedWaitsForItsConsumersCancelThenIsRejectedAtOnce() {
        assertFalse(state.notStarted(consumer, 7));
        consumer.cancelled = true;
        assertTrue(state.notStarted(consumer, 8));
        assertEquals(List.of(7L), state.takeNotStarted());
        assertEquals(List.of(), state.takeNotStarted());
    }
}
