package dev.gracefulagent.testbed.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A plain {@code KafkaConsumer} poll loop, as many services have: poll, work on each record, commit, poll again.
 * No shutdown code. {@code KAFKA_BOOTSTRAP}, {@code TOPIC} (default records), {@code GROUP} (default testbed),
 * {@code MAX_POLL_RECORDS} (default 5), {@code POLL_MS} (the poll's timeout, default 500; many loops wait far longer,
 * up to {@code Long.MAX_VALUE}), {@code GROUP_PROTOCOL} ({@code classic}, Kafka's default, or {@code consumer}, the
 * broker-driven protocol of KIP-848), {@code SESSION_TIMEOUT_MS} (default Kafka's; ignored with the consumer
 * protocol), {@code COMMIT}: {@code sync} (default, {@code commitSync} after each batch), {@code async}
 * ({@code commitAsync} after each batch) or {@code auto} (Kafka's auto-commit).
 */
public final class PlainConsumer {
    private PlainConsumer() {
    }

    /** From the client jar's own version file (its AppInfoParser moved in 4.x). */
    private static String kafkaClientsVersion() {
        try (InputStream in = KafkaConsumer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            Properties version = new Properties();
            version.load(in);
            return version.getProperty("version");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        String topic = env.getOrDefault("TOPIC", "records");
        String commit = env.getOrDefault("COMMIT", "sync");
        Properties config = new Properties();
        config.put("bootstrap.servers", env.getOrDefault("KAFKA_BOOTSTRAP", "localhost:9092"));
        config.put("group.id", env.getOrDefault("GROUP", "testbed"));
        config.put("enable.auto.commit", Boolean.toString(commit.equals("auto")));
        config.put("auto.offset.reset", "earliest");
        config.put("max.poll.records", env.getOrDefault("MAX_POLL_RECORDS", "5"));
        String protocol = env.getOrDefault("GROUP_PROTOCOL", "classic");
        config.put("group.protocol", protocol);
        // the consumer protocol refuses the setting: the broker decides the session
        if (env.containsKey("SESSION_TIMEOUT_MS") && protocol.equals("classic")) {
            config.put("session.timeout.ms", env.get("SESSION_TIMEOUT_MS"));
        }
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", StringDeserializer.class.getName());
        Duration pollTimeout = Duration.ofMillis(Long.parseLong(env.getOrDefault("POLL_MS", "500")));
        RecordWork work = new RecordWork(ProcessedLog.fromEnvironment());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        long started = System.nanoTime();
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            private boolean ready;

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                RecordWork.assigned(partitions, started);
                if (!ready) {
                    ready = true;
                    System.out.println("ready on port " + env.getOrDefault("PORT", "0") + " (kafka-clients "
                            + kafkaClientsVersion() + ")");
                }
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                System.out.println("revoked " + partitions);
            }
        });
        while (true) {
            ConsumerRecords<String, String> records = consumer.poll(pollTimeout);
            for (ConsumerRecord<String, String> record : records) {
                work.process(record.topic(), record.value());
            }
            if (records.isEmpty()) {
                continue;
            }
            if (commit.equals("sync")) {
                consumer.commitSync();
            } else if (commit.equals("async")) {
                consumer.commitAsync();
            }
        }
    }
}
