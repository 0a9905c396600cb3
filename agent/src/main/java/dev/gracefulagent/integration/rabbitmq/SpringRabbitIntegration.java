package dev.gracefulagent.integration.rabbitmq;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.config.Config;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Registrar;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import java.util.Arrays;
import java.util.List;

/**
 * Spring AMQP listener containers ({@code spring-rabbit} 3.x), on top of the RabbitMQ client integration: each
 * running container is stopped by its own stop at stop intake ({@link SpringContainers}), and a simple container's
 * message is in flight from the moment its thread takes it from its consumer's queue until the ack the client
 * integration sees. An integration of its own, so that a Spring AMQP version whose hook points differ is left
 * alone without switching the plain client's integration off.
 */
public final class SpringRabbitIntegration implements Integration {
    static final String NAME = "spring-rabbit";
    private static final String LISTENER_LOOP = Channels.SPRING_PREFIX
            + "rabbit.listener.SimpleMessageListenerContainer$AsyncMessageProcessingConsumer.run";

    private final RabbitIntegration client;
    private InFlight listenerMessages;
    private SpringContainers containers;
    private InFlight containerStops;
    private long timeoutMillis;

    public SpringRabbitIntegration(RabbitIntegration client) {
        this.client = client;
    }

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
        listenerMessages = new InFlight("rabbitmq messages", new MessageDescriber(LISTENER_LOOP), signal);
        containerStops = new InFlight("listener container stops", new SpringContainers.StopDescriber(), signal);
        containers = new SpringContainers(containerStops);
        instrumenter.hook(NAME, HookPoint.atEntry(SpringContainers.CONTAINER, "start", "()V"),
                new Registrar(containers.containers));
        // the simple container's thread takes a delivery from its consumer's queue: the listener's work begins
        instrumenter.hook(NAME, HookPoint.atEntry(SpringContainers.QUEUE_CONSUMER, "handle",
                "(Lorg/springframework/amqp/rabbit/support/Delivery;)Lorg/springframework/amqp/core/Message;", 0),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object queueConsumer, Object delivery, Object b, Object c) {
                        Channels channels = client.channels();
                        if (delivery != null && channels != null) {
                            handedToListener(channels, queueConsumer, delivery);
                        }
                        return false;
                    }
                });
    }

    private void handedToListener(Channels channels, Object queueConsumer, Object delivery) {
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
        return containers.stopIntake(timeoutMillis);
    }

    @Override
    public List<InFlight> inFlight() {
        return Arrays.asList(listenerMessages, containerStops);
    }
}
