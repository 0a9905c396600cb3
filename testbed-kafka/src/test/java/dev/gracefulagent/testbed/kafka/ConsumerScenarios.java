package dev.gracefulagent.testbed.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.kafka.ProcessedRows.Row;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGTERM in the middle of a record, then a restarted consumer that consumes the rest, counting by id in the
 * database. One partition; {@value #RECORDS} records of about a second, polled {@value #BATCH} at a time, so the
 * first poll's batch is in hand at the signal. Subclasses say how the testbed is launched (which consumer, which
 * kafka-clients, which JDK).
 */
@ExtendWith(KafkaBroker.class)
abstract class ConsumerScenarios {
    static final int RECORDS = 8;
    static final int BATCH = 4;
    /**
     * Short enough that the baselines do not take long (Kafka's default is 45 s), long enough that a loaded machine
     * cannot blur a group leave with an expiry.
     */
    static final int SESSION_TIMEOUT_MS = 20000;
    private static final Pattern ASSIGNED = Pattern.compile("assigned \\[(.+)\\] after (\\d+) ms");
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    /** What one run showed. */
    record Outcome(int firstExit, String firstStderr, long signalAtMillis, int membersAfterFirstExit,
                   long secondAssignedAfterMillis, int secondExit, List<Row> rows, List<String> ids) {
        List<Row> of(String instance) {
            return rows.stream().filter(row -> row.instance().equals(instance)).toList();
        }
    }

    /** Starts a testbed instance with this environment, with or without the agent, once it has its partitions. */
    protected ServiceProcess launch(Map<String, String> env, boolean withAgent) throws Exception {
        ServiceProcess.Builder builder = ServiceProcess.builder(ServiceProcess.testbedJar("testbed-kafka"));
        env.forEach(builder::env);
        if (!withAgent) {
            builder.withoutAgent();
        }
        return configure(builder).start();
    }

    /** The consumer to run and anything else the subclass adds (a JDK, settings). */
    protected ServiceProcess.Builder configure(ServiceProcess.Builder builder) {
        return builder;
    }

    protected abstract String consumer();

    /**
     * Produces the records, starts a first instance, sends SIGTERM while it works on the second record, waits for
     * its exit, starts a second instance that consumes what is left, stops it, and reads the database.
     */
    protected Outcome signalMidRecordThenRestart(boolean withAgent, Map<String, String> settings) throws Exception {
        String topic = "records-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.createTopic(topic, 1);
        KafkaBroker.produce(topic, topic, RECORDS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            ids.add(topic + "-" + i);
        }
        Map<String, String> env = environment(topic, "first", 1000);
        env.putAll(settings);
        int firstExit;
        String firstStderr;
        long signalAt;
        try (ServiceProcess first = launch(env, withAgent)) {
            first.stdout().awaitContains("record " + topic + "-1 started", Duration.ofSeconds(60));
            Thread.sleep(400);
            signalAt = System.currentTimeMillis();
            first.sigterm();
            firstExit = first.awaitExit(EXIT_TIMEOUT);
            firstStderr = first.stderr().text();
        }
        // did the first consumer leave the group, or does the broker still count it until its session expires?
        int membersAfterFirstExit = KafkaBroker.groupMembers(topic);
        firstStderr.lines().filter(line -> line.contains("[graceful]") || line.contains("Exception"))
                .forEach(line -> System.out.println("  first instance: " + line));
        Map<String, String> restartEnv = environment(topic, "second", 100);
        restartEnv.putAll(settings);
        long assignedAfter;
        int secondExit;
        try (ServiceProcess second = launch(restartEnv, withAgent)) {
            assignedAfter = assignedAfterMillis(second);
            awaitAllFinished(topic, ids, second);
            second.sigterm();
            secondExit = second.awaitExit(EXIT_TIMEOUT);
        }
        Outcome outcome = new Outcome(firstExit, firstStderr, signalAt, membersAfterFirstExit, assignedAfter,
                secondExit, ProcessedRows.of(topic), ids);
        System.out.println(consumer() + (withAgent ? " with" : " without") + " the agent: first exit " + firstExit
                + ", duplicates " + ProcessedRows.duplicates(outcome.rows()) + ", group members after its exit "
                + membersAfterFirstExit + ", restarted consumer assigned after " + assignedAfter + " ms");
        return outcome;
    }

    /**
     * A loop whose poll waits far longer than any shutdown may take ({@code POLL_MS} 10 minutes): SIGTERM after
     * its one record is done and committed, while the loop waits in its next poll. The consumer must still be
     * closed, leaving the group, and the process exit 0 well within its deadline. {@code settings} are added to the
     * testbed's environment.
     */
    protected void signalWhileALongPollWaits(Map<String, String> settings) throws Exception {
        String topic = "long-poll-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.createTopic(topic, 1);
        KafkaBroker.produce(topic, topic, 1);
        Map<String, String> env = environment(topic, "first", 100);
        env.put("POLL_MS", "600000");
        env.put("GRACEFUL_TIMEOUT", "30s");
        env.putAll(settings);
        try (ServiceProcess service = launch(env, true)) {
            service.stdout().awaitContains("record " + topic + "-0 done", Duration.ofSeconds(60));
            Thread.sleep(500);
            service.sigterm();
            int exit = service.awaitExit(EXIT_TIMEOUT);
            String stderr = service.stderr().text();
            assertEquals(0, exit, stderr);
            assertTrue(stderr.contains("closed 1 kafka consumer(s)"), stderr);
            assertEquals(0, KafkaBroker.groupMembers(topic), "the consumer did not leave the group");
        }
    }

    /** Every record finished exactly once, none cut, the batch in hand finished, nothing newer started. */
    protected static void assertDrainedAndHandedOver(Outcome outcome) {
        assertEquals(0, outcome.firstExit(), outcome.firstStderr());
        assertEquals(Set.of(), ProcessedRows.duplicates(outcome.rows()), "records processed twice");
        assertEquals(Set.of(), ProcessedRows.missing(outcome.rows(), outcome.ids()), "records never processed");
        List<Row> first = outcome.of("first");
        assertTrue(first.stream().allMatch(Row::ended), "a record cut off: " + first);
        for (Row row : first) {
            if (row.startedAt() > outcome.signalAtMillis()) {
                int index = Integer.parseInt(row.recordId().substring(row.recordId().lastIndexOf('-') + 1));
                assertTrue(index < BATCH, "record " + row.recordId() + " of a later poll started after the signal");
            }
        }
        assertEquals(0, outcome.membersAfterFirstExit(), "the first consumer did not leave the group");
        assertTrue(outcome.secondAssignedAfterMillis() < SESSION_TIMEOUT_MS / 2,
                "restarted consumer waited " + outcome.secondAssignedAfterMillis() + " ms for its partition"
                        + " (session.timeout.ms " + SESSION_TIMEOUT_MS + ")");
        assertTrue(outcome.firstStderr().contains("exit 0"), outcome.firstStderr());
    }

    /** The plain loop without the agent: the batch in hand is read again, the record in hand cut, no group leave. */
    protected static void assertBaselineDamage(Outcome outcome) {
        assertNotEquals(0, outcome.firstExit());
        assertFalse(ProcessedRows.duplicates(outcome.rows()).isEmpty(), "expected records processed twice");
        assertTrue(outcome.of("first").stream().anyMatch(row -> !row.ended()), "expected a record cut off");
        assertEquals(1, outcome.membersAfterFirstExit(), "the killed consumer is still a member until it expires");
        assertTrue(outcome.secondAssignedAfterMillis() > SESSION_TIMEOUT_MS / 2,
                "expected the restarted consumer to wait for the session timeout, waited "
                        + outcome.secondAssignedAfterMillis() + " ms");
    }

    protected Map<String, String> environment(String topic, String instance, int recordMillis) throws Exception {
        Map<String, String> env = new HashMap<>(ProcessedRows.environment());
        env.put("CONSUMER", consumer());
        env.put("KAFKA_BOOTSTRAP", KafkaBroker.bootstrap());
        env.put("TOPIC", topic);
        env.put("GROUP", topic);
        env.put("INSTANCE", instance);
        env.put("RECORD_MS", Integer.toString(recordMillis));
        env.put("MAX_POLL_RECORDS", Integer.toString(BATCH));
        env.put("SESSION_TIMEOUT_MS", Integer.toString(SESSION_TIMEOUT_MS));
        return env;
    }

    static long assignedAfterMillis(ServiceProcess service) throws InterruptedException {
        service.stdout().awaitContains("assigned [", Duration.ofSeconds(60));
        for (String line : service.stdout().lines()) {
            Matcher m = ASSIGNED.matcher(line);
            if (m.find()) {
                return Long.parseLong(m.group(2));
            }
        }
        throw new AssertionError("no assignment line:\n" + service.stdout().text());
    }

    static void awaitAllFinished(String topic, List<String> ids, ServiceProcess service) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!ProcessedRows.missing(ProcessedRows.of(topic), ids).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("records never processed: "
                        + ProcessedRows.missing(ProcessedRows.of(topic), ids) + "\n" + service.stdout().text()
                        + "\n" + service.stderr().text());
            }
            Thread.sleep(200);
        }
    }
}
