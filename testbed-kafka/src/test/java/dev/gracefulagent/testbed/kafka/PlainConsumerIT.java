package dev.gracefulagent.testbed.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
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

    @Test
    void withoutTheAgentTheBatchInHandIsReadAgainAndThePartitionWaitsForTheSessionTimeout() throws Exception {
        Outcome outcome = signalMidRecordThenRestart(false, Map.of());
        assertBaselineDamage(outcome);
        assertEquals(143, outcome.firstExit());
    }
}
