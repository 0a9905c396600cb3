package dev.gracefulagent.integration.kafka;

import dev.gracefulagent.integration.Reflection;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The calls the integration makes on kafka-clients objects, by reflection. Where a name is overloaded with the same
 * arity ({@code ConsumerRecords.records(TopicPartition | String)}, {@code KafkaConsumer.close(Duration |
 * CloseOptions)}) the method is looked up by its parameter type.
 */
final class KafkaApi {
    private static final ClassValue<Method> RECORDS_OF_PARTITION = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> recordsClass) {
            try {
                Class<?> partition = Class.forName("org.apache.kafka.common.TopicPartition", false,
                        recordsClass.getClassLoader());
                return recordsClass.getMethod("records", partition);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("ConsumerRecords.records(TopicPartition) not found", e);
            }
        }
    };

    private KafkaApi() {
    }

    /**
     * The consumer's interceptor chain, which Kafka calls with each non-empty poll result and each successful
     * commit. Since kafka-clients 3.7 the public {@code KafkaConsumer} delegates to an implementation (classic or
     * the new group protocol) that holds it; before, the consumer held it itself.
     */
    static Object interceptorsOf(Object consumer) throws ReflectiveOperationException {
        Object implementation = consumer;
        try {
            implementation = Reflection.field(consumer, "delegate");
        } catch (NoSuchFieldException e) {
            // kafka-clients before 3.7: no delegate
        }
        return Reflection.field(implementation, "interceptors");
    }

    static Collection<?> partitions(Object records) throws ReflectiveOperationException {
        return (Collection<?>) Reflection.call(records, "partitions");
    }

    static List<?> recordsOf(Object records, Object partition) throws ReflectiveOperationException {
        return (List<?>) RECORDS_OF_PARTITION.get(records.getClass()).invoke(records, partition);
    }

    /** The offset of a {@code ConsumerRecord} or of an {@code OffsetAndMetadata}. */
    static long offset(Object recordOrOffset) throws ReflectiveOperationException {
        return ((Number) Reflection.call(recordOrOffset, "offset")).longValue();
    }

    static Collection<?> assignment(Object consumer) throws ReflectiveOperationException {
        return (Collection<?>) Reflection.call(consumer, "assignment");
    }

    static void pause(Object consumer, Collection<?> partitions) throws ReflectiveOperationException {
        Reflection.call(consumer, "pause", partitions);
    }

    /** {@code wakeup()}: the poll the consumer's thread waits in, or its next one, throws a WakeupException. */
    static void wakeup(Object consumer) throws ReflectiveOperationException {
        Reflection.call(consumer, "wakeup");
    }

    /** {@code close(Duration)}: sends the group leave, so the partitions move to other members at once. */
    static void close(Object consumer, Duration timeout) throws ReflectiveOperationException {
        try {
            consumer.getClass().getMethod("close", Duration.class).invoke(consumer, timeout);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw e;
        }
    }
}
