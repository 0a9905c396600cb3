package dev.gracefulagent.integration.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Records owe a commit per partition until a commit reaches one past the last record handed out. */
class ConsumerStateTest {
    private final InFlight records = new InFlight("kafka record sets", new Describer() {
        @Override
        public String describe(Object subject) {
            return "";
        }

        @Override
        public String entryFrame() {
            return null;
        }
    }, new DrainSignal());
    private ConsumerState state;

    @BeforeEach
    void newConsumer() {
        state = new ConsumerState(new Object(), new Object());
    }

    @Test
    void aCommitOfTheNextOffsetEndsTheBatch() {
        state.handedOut("orders-0", 10, 15, records);
        assertEquals(1, records.count());
        state.committed("orders-0", 14);
        assertEquals(1, records.count(), "offset 14 is not yet covered");
        assertEquals(List.of("orders-0 offsets 14..14"), state.uncommittedLines());
        state.committed("orders-0", 15);
        assertEquals(0, records.count());
    }

    @Test
    void everyPartitionMustBeCommitted() {
        state.handedOut("orders-0", 0, 3, records);
        state.handedOut("orders-1", 7, 9, records);
        state.committed("orders-0", 3);
        assertEquals(1, records.count());
        state.committed("orders-1", 9);
        assertEquals(0, records.count());
    }

    @Test
    void laterPollsBeforeTheCommitAreCoveredByOneCommit() {
        state.handedOut("orders-0", 0, 5, records);
        state.handedOut("orders-0", 5, 10, records);
        assertEquals(1, records.count(), "one unit per consumer, however many polls");
        state.committed("orders-0", 5);
        assertEquals(1, records.count());
        state.committed("orders-0", 10);
        assertEquals(0, records.count());
    }

    @Test
    void aRevokedPartitionIsForgotten() {
        state.handedOut("orders-0", 0, 5, records);
        state.handedOut("orders-1", 0, 5, records);
        assertEquals(List.of("orders-1 offsets 0..4"), state.keepOnly(Arrays.asList("orders-0")));
        state.committed("orders-0", 5);
        assertEquals(0, records.count());
    }

    @Test
    void closingWithRecordsOwedReportsThemAndEndsTheUnit() {
        state.handedOut("orders-0", 3, 5, records);
        assertEquals(List.of("orders-0 offsets 3..4"), state.closedOwing());
        assertEquals(0, records.count());
        assertEquals(Collections.emptyList(), state.uncommittedLines());
    }
}
