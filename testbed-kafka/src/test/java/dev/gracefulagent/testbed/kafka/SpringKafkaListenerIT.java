package dev.gracefulagent.testbed.kafka;

import dev.gracefulagent.testbed.support.Baselines;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Spring Boot 3.5 {@code @KafkaListener} with Boot's defaults (spring-kafka 3.3, kafka-clients 3.9). */
class SpringKafkaListenerIT extends ConsumerScenarios {
    @Override
    protected String consumer() {
        return "spring";
    }

    @Test
    void listenerContainerStopsAtStopIntakeFinishesItsBatchAndCommitsBeforeTheExit() throws Exception {
        Outcome outcome = signalMidRecordThenRestart(true, Map.of());
        assertDrainedAndHandedOver(outcome);
        assertTrue(outcome.firstStderr().contains("listener container(s) stopping"), outcome.firstStderr());
    }

    /**
     * Without the agent Spring's own shutdown hook stops the container, which finishes the batch in hand and
     * commits it: nothing is redone and the group is left, but the JVM ends with 143, as after a crash.
     */
    @Test
    void withoutTheAgentSpringStopsTheContainerItselfButTheExitCodeIs143() throws Exception {
        Outcome outcome = signalMidRecordThenRestart(false, Map.of());
        Baselines.assertEndedAsKilled(outcome.firstExit(), outcome.toString());
    }
}
