package dev.gracefulagent.integration.rabbitmq;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Registrar;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.WeakRegistry;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;

/**
 * RabbitMQ Java client 5.x ({@code com.rabbitmq:amqp-client}); Spring AMQP's listener containers are
 * {@link SpringRabbitIntegration}'s.
 * <ul>
 * <li>Stop intake: the application's consumers are cancelled ({@code basicCancel}) while connections, heartbeats
 * and channels stay up; a delivery the client buffered but did not start is not started and is rejected with
 * requeue once its consumer is cancelled (automatic-ack deliveries, which the broker no longer holds, are still
 * processed). Spring AMQP's consumers are left to their containers.</li>
 * <li>Drain: a message is in flight from the start of its consumer's {@code handleDelivery} until its ack, nack or
 * reject was sent on its channel (with automatic ack: until the handler returned).</li>
 * <li>Close: connections still open are closed, and their channels with them.</li>
 * </ul>
 * The client's own threads and executors (heartbeats, I/O, the consumer work pool) are infrastructure.
 */
public final class RabbitIntegration implements Integration {
    static final String NAME = "rabbitmq";
    private static final Logger LOG = Log.get(RabbitIntegration.class);
    private static final int CLOSE_TIMEOUT_MILLIS = 10_000;

    private final WeakRegistry<Object> connections = new WeakRegistry<>();
    private InFlight messages;
    private Channels channels;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        messages = new InFlight("rabbitmq messages", new MessageDescriber(Bridge.class.getName() + ".runTask"), signal);
        channels = new Channels(messages);
        ClientHooks.install(instrumenter, NAME, channels);
        instrumenter.hook(NAME, HookPoint.atEntry("com.rabbitmq.client.impl.AMQConnection", "start", "()V"),
                new Registrar(connections));
    }

    /** The consuming channels; null when this integration is not installed (excluded). */
    Channels channels() {
        return channels;
    }

    @Override
    public String stopIntake() {
        return channels.stopIntake();
    }

    @Override
    public List<InFlight> inFlight() {
        return Collections.singletonList(messages);
    }

    @Override
    public String closedNoun() {
        return "RabbitMQ connections";
    }

    /**
     * Closes the connections the application left open. Fails when a channel closed under a message in hand
     * during the shutdown: that message was not acknowledged and the broker delivers it again.
     */
    @Override
    public int close() throws Exception {
        int closed = 0;
        for (Object connection : connections.snapshot()) {
            if (!(Boolean) Reflection.call(connection, "isOpen")) {
                continue;
            }
            try {
                Reflection.call(connection, "close", CLOSE_TIMEOUT_MILLIS);
                closed++;
                LOG.info("closed RabbitMQ connection {}", connection);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("could not close RabbitMQ connection {}: {}", connection, e.toString());
            }
        }
        int lost = channels.unacknowledgedAtClose();
        if (lost > 0) {
            throw new UnacknowledgedMessages(lost);
        }
        return closed;
    }

    /** The exit code must not claim a clean drain when the broker will deliver a message again. */
    private static final class UnacknowledgedMessages extends Exception {
        private static final long serialVersionUID = 1L;

        UnacknowledgedMessages(int count) {
            super(count + " message(s) in hand were not acknowledged before their channel closed;"
                    + " the broker delivers them again");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
