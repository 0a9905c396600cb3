package dev.gracefulagent.integration.rabbitmq;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.config.Config;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Registrar;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.WeakRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;

/**
 * RabbitMQ Java client 5.x ({@code com.rabbitmq:amqp-client}) and Spring AMQP listener containers.
 * <ul>
 * <li>Stop intake: the application's consumers are cancelled ({@code basicCancel}) while connections, heartbeats
 * and channels stay up; a delivery the client buffered but did not start is not started and is rejected with
 * requeue once its consumer is cancelled (automatic-ack deliveries, which the broker no longer holds, are still
 * processed). Spring listener containers run their own stop (see {@link SpringContainers}).</li>
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
    private static final String SPRING_LISTENER_LOOP = Channels.SPRING_PREFIX
            + "rabbit.listener.SimpleMessageListenerContainer$AsyncMessageProcessingConsumer.run";

    private final WeakRegistry<Object> connections = new WeakRegistry<>();
    private InFlight messages;
    private InFlight listenerMessages;
    private InFlight containerStops;
    private Channels channels;
    private SpringContainers springContainers;
    private long timeoutMillis;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void configure(Config config) {
        timeoutMillis = config.timeoutMillis();
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        messages = new InFlight("rabbitmq messages", new MessageDescriber(Bridge.class.getName() + ".runTask"), signal);
        listenerMessages = new InFlight("rabbitmq messages", new MessageDescriber(SPRING_LISTENER_LOOP), signal);
        containerStops = new InFlight("listener container stops", new SpringContainers.StopDescriber(), signal);
        channels = new Channels(messages);
        springContainers = new SpringContainers(containerStops);
        ClientHooks.install(instrumenter, NAME, channels);
        instrumenter.hook(NAME, HookPoint.atEntry("com.rabbitmq.client.impl.AMQConnection", "start", "()V"),
                new Registrar(connections));
        instrumenter.hook(NAME, HookPoint.atEntry(SpringContainers.CONTAINER, "start", "()V"),
                new Registrar(springContainers.containers));
        // the simple container's thread takes a delivery from its consumer's queue: the listener's work begins
        instrumenter.hook(NAME, HookPoint.atEntry(SpringContainers.QUEUE_CONSUMER, "handle",
                "(Lorg/springframework/amqp/rabbit/support/Delivery;)Lorg/springframework/amqp/core/Message;", 0),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object queueConsumer, Object delivery, Object b, Object c) {
                        if (delivery != null) {
                            handedToListener(queueConsumer, delivery);
                        }
                        return false;
                    }
                });
    }

    private void handedToListener(Object queueConsumer, Object delivery) {
        try {
            Object envelope = Reflection.call(delivery, "getEnvelope");
            channels.handedToListener(SpringContainers.channelOf(queueConsumer),
                    (String) Reflection.call(delivery, "getConsumerTag"),
                    (Long) Reflection.call(envelope, "getDeliveryTag"), listenerMessages);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String stopIntake() {
        List<String> done = new ArrayList<>();
        for (String part : Arrays.asList(channels.stopIntake(), springContainers.stopIntake(timeoutMillis))) {
            if (part != null) {
                done.add(part);
            }
        }
        return done.isEmpty() ? null : String.join(", ", done);
    }

    @Override
    public List<InFlight> inFlight() {
        return Arrays.asList(messages, listenerMessages, containerStops);
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
