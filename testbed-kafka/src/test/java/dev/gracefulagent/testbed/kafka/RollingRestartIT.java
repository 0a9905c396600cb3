package dev.gracefulagent.testbed.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gracefulagent.testbed.kafka.ProcessedRows.Row;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Two plain consumer instances sharing a two-partition topic under a steady produce rate, restarted one after the
 * other ({@value #RESTARTS} restarts) with the agent: every record produced is processed exactly once.
 */
class RollingRestartIT extends ConsumerScenarios {
    private static final int RESTARTS = 3;
    private static final long PRODUCE_EVERY_MILLIS = 125;

    @Override
    protected String consumer() {
        return "plain";
    }

    @Test
    void rollingRestartsUnderSteadyProduceLoseAndRepeatNothing() throws Exception {
        String topic = "rolling-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.createTopic(topic, 2);
        List<String> produced = new CopyOnWriteArrayList<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> produce(topic, produced, producing), "steady-producer");
        ServiceProcess[] instances = new ServiceProcess[2];
        try {
            instances[0] = launch(env(topic, "a0"), true);
            instances[1] = launch(env(topic, "b0"), true);
            producer.start();
            for (int restart = 1; restart <= RESTARTS; restart++) {
                Thread.sleep(3000);
                int which = (restart - 1) % 2;
                ServiceProcess old = instances[which];
                old.sigterm();
                assertEquals(0, old.awaitExit(Duration.ofSeconds(60)), old.stderr().text());
                long assignedAfter = -1;
                instances[which] = launch(env(topic, (which == 0 ? "a" : "b") + restart), true);
                assignedAfter = assignedAfterMillis(instances[which]);
                System.out.println("rolling restart " + restart + ": replacement assigned after " + assignedAfter
                        + " ms, " + produced.size() + " produced so far");
            }
            Thread.sleep(3000);
            producing.set(false);
            producer.join();
            awaitAllFinished(topic, produced, instances[0]);
        } finally {
            producing.set(false);
            for (ServiceProcess instance : instances) {
                if (instance != null) {
                    instance.sigterm();
                    instance.awaitExit(Duration.ofSeconds(60));
                    instance.close();
                }
            }
        }
        List<Row> rows = ProcessedRows.of(topic);
        Set<String> duplicates = ProcessedRows.duplicates(rows);
        Set<String> missing = ProcessedRows.missing(rows, produced);
        System.out.println("rolling restarts: " + produced.size() + " produced, " + duplicates.size()
                + " processed twice, " + missing.size() + " never processed");
        assertEquals(Set.of(), duplicates, "processed twice");
        assertEquals(Set.of(), missing, "never processed");
    }

    private Map<String, String> env(String topic, String instance) throws Exception {
        Map<String, String> env = environment(topic, instance, 100);
        env.put("MAX_POLL_RECORDS", "5");
        return env;
    }

    private static void produce(String topic, List<String> produced, AtomicBoolean producing) {
        try (KafkaProducer<String, String> producer = KafkaBroker.producer()) {
            for (int i = 0; producing.get(); i++) {
                String id = topic + "-" + i;
                producer.send(new ProducerRecord<>(topic, id, id)).get(30, TimeUnit.SECONDS);
                produced.add(id);
                Thread.sleep(PRODUCE_EVERY_MILLIS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
