package dev.gracefulagent.testbed.kafka;

import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.event.ConsumerStartingEvent;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * A Spring Boot 3.5 {@code @KafkaListener}, with Boot's defaults (a concurrent listener container, batch acks,
 * synchronous commits) and no shutdown code. Settings from the same environment as the plain loop (see
 * application.properties).
 */
@SpringBootApplication
public class SpringConsumer implements ConsumerSeekAware {
    private volatile long startedNanos = System.nanoTime();
    private volatile boolean ready;
    private RecordWork work;

    public static void main(String[] args) {
        SpringApplication.run(SpringConsumer.class, args);
    }

    @Bean
    ProcessedLog processedLog() throws SQLException {
        return ProcessedLog.fromEnvironment();
    }

    @Bean
    RecordWork recordWork(ProcessedLog log) {
        return work = new RecordWork(log);
    }

    @KafkaListener(topics = "${TOPIC:records}", groupId = "${GROUP:testbed}")
    void onRecord(ConsumerRecord<String, String> record) throws SQLException, InterruptedException {
        work.process(record.topic(), record.value());
    }

    /** The container's consumer starts: the assignment time is counted from here, not from the context start. */
    @EventListener
    void consumerStarting(ConsumerStartingEvent event) {
        startedNanos = System.nanoTime();
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        RecordWork.assigned(assignments.keySet(), startedNanos);
        if (!ready) {
            ready = true;
            System.out.println("ready on port " + System.getenv().getOrDefault("PORT", "0") + " (spring-kafka)");
        }
    }
}
