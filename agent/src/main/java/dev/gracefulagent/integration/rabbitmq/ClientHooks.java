package dev.gracefulagent.integration.rabbitmq;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.track.Unit;

/**
 * The hook points in the RabbitMQ Java client (amqp-client 5.x; the same signatures from 5.10 to 5.37), each
 * feeding {@link Channels}:
 * <ul>
 * <li>{@code AMQChannel.rpc(Method, RpcContinuation)}: a {@code basic.consume} names its queue and ack mode;</li>
 * <li>{@code ConsumerDispatcher.handleConsumeOk / handleCancelOk}: the consumer's tag, and its cancel;</li>
 * <li>{@code ConsumerWorkService$WorkPoolRunnable.run}, around each task it runs: a delivery is handed to its
 * consumer ({@code Consumer.handleDelivery}) or, once intake stopped, not started at all;</li>
 * <li>{@code AMQChannel.transmit(Method)} returning: a {@code basic.ack}, {@code basic.nack} or {@code basic.reject}
 * was written;</li>
 * <li>{@code AMQChannel.processShutdownSignal}: the channel closed.</li>
 * </ul>
 */
final class ClientHooks {
    private static final String IMPL = "com.rabbitmq.client.impl.";
    private static final String CHANNEL = IMPL + "AMQChannel";
    private static final String DISPATCHER = IMPL + "ConsumerDispatcher";
    private static final String METHOD = "Lcom/rabbitmq/client/Method;";
    private static final String BASIC = IMPL + "AMQImpl$Basic$";

    /** The task {@code ConsumerDispatcher.handleDelivery} queues: an anonymous class holding the envelope. */
    private static final ClassValue<Boolean> DELIVERY_TASK = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (!type.getName().startsWith(DISPATCHER + "$")) {
                return false;
            }
            try {
                Reflection.accessibleField(type, "val$envelope");
                return true;
            } catch (NoSuchFieldException e) {
                return false;
            }
        }
    };

    private ClientHooks() {
    }

    static void install(Instrumenter instrumenter, String integration, final Channels channels) {
        instrumenter.hook(integration, HookPoint.atEntry(CHANNEL, "rpc",
                "(" + METHOD + "L" + CHANNEL.replace('.', '/') + "$RpcContinuation;)V", 0), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object channel, Object method, Object b, Object c) {
                        if (method.getClass().getName().equals(BASIC + "Consume")) {
                            channels.consumeRequested(channel, (String) call(method, "getQueue"),
                                    (Boolean) call(method, "getNoAck"));
                        }
                        return false;
                    }
                });
        String consumerAndTag = "(Lcom/rabbitmq/client/Consumer;Ljava/lang/String;)V";
        instrumenter.hook(integration, HookPoint.atEntry(DISPATCHER, "handleConsumeOk", consumerAndTag, 1),
                new DispatcherTagHook() {
                    @Override
                    void on(Object channel, String consumerTag) {
                        channels.consumeOk(channel, consumerTag);
                    }
                });
        instrumenter.hook(integration, HookPoint.atEntry(DISPATCHER, "handleCancelOk", consumerAndTag, 1),
                new DispatcherTagHook() {
                    @Override
                    void on(Object channel, String consumerTag) {
                        channels.cancelOk(channel, consumerTag);
                    }
                });
        instrumenter.hookTasks(integration, HookPoint.aroundTask(IMPL + "ConsumerWorkService$WorkPoolRunnable",
                "run", "()V", "java.lang.Runnable"), new Bridge.TaskHook() {
                    @Override
                    public Object begin(Object workPoolRunnable, Runnable task) {
                        if (!DELIVERY_TASK.get(task.getClass())) {
                            return null;
                        }
                        Object channel = field(field(task, "this$0"), "channel");
                        long deliveryTag = (Long) call(field(task, "val$envelope"), "getDeliveryTag");
                        boolean buffers = field(task, "val$delegate").getClass().getName()
                                .equals(Channels.SPRING_BUFFERING_CONSUMER);
                        Object token = channels.delivering(channel, (String) field(task, "val$consumerTag"),
                                deliveryTag, buffers);
                        return token == Channels.NOT_STARTED ? Bridge.SKIP : token;
                    }

                    @Override
                    public void end(Object unit) {
                        ((Unit) unit).end();
                    }
                });
        // at return: the frame is written and flushed then, and only then may the connection close behind it
        instrumenter.hook(integration, HookPoint.atReturn(CHANNEL, "transmit", "(" + METHOD + ")V", 0),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object channel, Object method, Object b, Object c) {
                        String name = method.getClass().getName();
                        boolean reject = name.equals(BASIC + "Reject");
                        if (reject || name.equals(BASIC + "Ack") || name.equals(BASIC + "Nack")) {
                            long tag = (Long) call(method, "getDeliveryTag");
                            boolean multiple = !reject && (Boolean) call(method, "getMultiple");
                            channels.settled(channel, tag == 0 ? 0 : tag + deliveryTagOffset(channel), multiple);
                        }
                        return false;
                    }
                });
        instrumenter.hook(integration, HookPoint.atEntry(CHANNEL, "processShutdownSignal",
                "(Lcom/rabbitmq/client/ShutdownSignalException;ZZ)V", 0), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object channel, Object cause, Object b, Object c) {
                        channels.closed(channel, cause);
                        return false;
                    }
                });
    }

    /** A {@code ConsumerDispatcher} call naming a consumer tag, seen with the dispatcher's channel. */
    private abstract static class DispatcherTagHook implements Bridge.Hook {
        @Override
        public boolean enter(Object dispatcher, Object consumerTag, Object b, Object c) {
            on(field(dispatcher, "channel"), (String) consumerTag);
            return false;
        }

        abstract void on(Object channel, String consumerTag);
    }

    /**
     * A channel reopened by automatic recovery shows its consumers delivery tags shifted by the tags seen before
     * ({@code RecoveryAwareChannelN}) and sends acks with the broker's own tags; the units are keyed by the former.
     */
    private static long deliveryTagOffset(Object channel) {
        return Reflection.has(channel, "getActiveDeliveryTagOffset", 0)
                ? (Long) call(channel, "getActiveDeliveryTagOffset") : 0;
    }

    static Object call(Object target, String method) {
        try {
            return Reflection.call(target, method);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object field(Object target, String name) {
        try {
            return Reflection.field(target, name);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
