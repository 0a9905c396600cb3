package dev.gracefulagent.integration.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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

    @Test
    void theCloseIsNotAttemptedWhileACommitIsOwed() throws Exception {
        state.handedOut("orders-0", 0, 2, records);
        assertEquals(false, state.unlessOwing(() -> {
            throw new AssertionError("attempted while records are in hand");
        }));
        state.committed("orders-0", 2);
        assertEquals(true, state.unlessOwing(() -> true));
    }

    @Test
    void aPollHandsOutItsRecordsOnlyAfterTheAttemptInProgress() throws Exception {
        CountDownLatch attempting = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            try {
                state.unlessOwing(() -> {
                    attempting.countDown();
                    finish.await();
                    return false;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        closer.start();
        attempting.await();
        Thread poll = new Thread(() -> state.handedOut("orders-0", 0, 2, records));
        poll.start();
        poll.join(200);
        assertEquals(true, poll.isAlive(), "records handed out while the close phase was attempting");
        assertEquals(0, records.count());
        finish.countDown();
        poll.join();
        closer.join();
        assertEquals(1, records.count());
    }
}
