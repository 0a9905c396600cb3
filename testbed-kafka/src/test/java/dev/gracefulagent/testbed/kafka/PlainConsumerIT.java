package dev.gracefulagent.testbed.kafka;

import dev.gracefulagent.testbed.support.Baselines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.ServiceProcess;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The plain KafkaConsumer poll loop on kafka-clients 3.9 (the Spring Boot 3.5 jar's), JDK of the build. */
class PlainConsumerIT extends ConsumerScenarios {
    @Override
    protected String consumer() {
        return "plain";
    }

    @Test
    void commitSyncLoopFinishesTheBatchInHandCommitsAndLeavesTheGroup() throws Exception {
        Outcome outcome = signalMidRecordThenRestart(true, Map.of());
        assertDrainedAndHandedOver(outcome);
        assertTrue(outcome.firstStderr().contains("consumer(s) pause their partitions"), outcome.firstStderr());
        assertTrue(outcome.firstStderr().contains("closed 1 kafka consumer(s)"), outcome.firstStderr());
    }

    /**
     * commitAsync after each batch: the commit completes inside the loop's next poll, which the agent has paused.
     * The drain must end on that completion, while the loop waits in the poll, and not before it.
     */
    @Test
    void commitAsyncCompletesInsideThePausedPoll() throws Exception {
        assertDrainedAndHandedOver(signalMidRecordThenRestart(true, Map.of("COMMIT", "async")));
    }

    /** A record longer than the deadline: exit 1, and the report says which offsets, how old, where the loop is. */
    @Test
    void deadlineReportNamesPartitionOffsetsAgeThreadAndStack() throws Exception {
        String topic = "deadline-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.createTopic(topic, 1);
        KafkaBroker.produce(topic, topic, 2);
        Map<String, String> env = environment(topic, "slow", 30000);
        env.put("GRACEFUL_TIMEOUT", "2s");
        try (ServiceProcess service = launch(env, true)) {
            service.stdout().awaitContains("record " + topic + "-0 started", Duration.ofSeconds(60));
            service.sigterm();
            assertEquals(1, service.awaitExit(Duration.ofSeconds(30)));
            String log = service.stderr().text();
            log.lines().filter(line -> line.startsWith("[graceful]") || line.startsWith("        at "))
                    .forEach(line -> System.out.println("  deadline: " + line));
            assertTrue(log.contains("kafka consumer records not committed: [" + topic + "-0 offsets 0..1], age "),
                    log);
            assertTrue(log.contains(", thread main"), log);
            assertTrue(log.contains("at dev.gracefulagent.testbed.kafka.RecordWork.process"), log);
        }
    }

    @Test
    void aLoopWaitingInAPollOfTenMinutesIsWokenClosedAndLeavesTheGroup() throws Exception {
        signalWhileALongPollWaits(Map.of());
    }

    @Test
    void withoutTheAgentTheBatchInHandIsReadAgainAndThePartitionWaitsForTheSessionTimeout() throws Exception {
        Outcome outcome = signalMidRecordThenRestart(false, Map.of());
        assertBaselineDamage(outcome);
        Baselines.assertEndedAsKilled(outcome.firstExit(), outcome.toString());
    }
}
