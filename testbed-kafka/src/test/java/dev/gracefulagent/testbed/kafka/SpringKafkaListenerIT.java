package dev.gracefulagent.testbed.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Spring Boot 3.5 {@code @KafkaListener} with Boot's defaults (spring-kafka 3.3, kafka-clients 3.9). */
class SpringKafkaListenerIT extends ConsumerScenarios {
    /** One record at a time, of 12 s, the signal 0.4 s into it: it ends 1.6 s after Spring's 10 s stop timeout. */
    private static final Map<String, String> LONG_RECORD = Map.of("RECORD_MS", "12000", "MAX_POLL_RECORDS", "1");

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
     * A record longer than the container's own stop timeout (spring-kafka's {@code shutdownTimeout}, 10 s): Spring's
     * context close stops waiting for the listener and closes everything under it. With the agent the drain waits
     * for the record and its commit before Spring's shutdown begins.
     */
    @Test
    void recordLongerThanSpringsStopTimeoutIsFinishedAndCommitted() throws Exception {
        Outcome outcome = signalMidRecordThenRestart(true, Map.of(), LONG_RECORD, 2, 0);
        assertDrainedAndHandedOver(outcome);
    }

    @Test
    void withoutTheAgentARecordLongerThanSpringsStopTimeoutIsCutAndRedone() throws Exception {
        Outcome outcome = signalMidRecordThenRestart(false, Map.of(), LONG_RECORD, 2, 0);
        assertEquals(143, outcome.firstExit());
        assertTrue(outcome.of("first").stream().anyMatch(row -> !row.ended()), "expected the long record cut off");
        assertEquals(2, outcome.rows().stream().filter(row -> row.recordId().endsWith("-0")).count(),
                "expected the long record started again after the restart: " + outcome.rows());
    }

    /**
     * Without the agent Spring's own shutdown hook stops the container, which finishes the batch in hand and
     * commits it: nothing is redone and the group is left, but the JVM ends with 143, as after a crash.
     */
    @Test
    void withoutTheAgentSpringStopsTheContainerItselfButTheExitCodeIs143() throws Exception {
        Outcome outcome = signalMidRecordThenRestart(false, Map.of());
        assertEquals(143, outcome.firstExit());
    }
}
