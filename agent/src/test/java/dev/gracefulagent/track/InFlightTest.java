package dev.gracefulagent.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which units the drain still waits for when a pooled thread calls System.exit: the unit that thread runs now
 * does not count, a unit an earlier task left on the same thread (async, waiting for its completion) does; and
 * the report shows the thread's stack for the unit it runs, not for the one it left.
 */
class InFlightTest {
    private static final String ENTRY = InFlightTest.class.getName() + ".serve";

    private final InFlight requests = new InFlight("requests", new Describer() {
        @Override
        public String describe(Object subject) {
            return subject.toString();
        }

        @Override
        public String entryFrame() {
            return ENTRY;
        }
    }, new DrainSignal());

    private final CountDownLatch placed = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** The pooled thread's entry frame: it began {@code earlier} on a previous task and now runs {@code now}. */
    private void serve(Unit now) throws InterruptedException {
        now.movedToCurrentThread();
        placed.countDown();
        release.await(10, TimeUnit.SECONDS);
    }

    @Test
    void anAsyncUnitLeftOnTheExitingThreadStillCounts() throws Exception {
        Unit[] units = new Unit[2];
        Thread worker = new Thread(() -> {
            units[0] = requests.begin("GET /async"); // its task returned; the unit waits for a completion
            units[1] = requests.begin("GET /admin/exit");
            try {
                serve(units[1]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pooled-worker");
        worker.start();
        try {
            placed.await(10, TimeUnit.SECONDS);
            assertEquals(2, requests.count());
            assertEquals(1, requests.countExcluding(worker), "the async unit, not the one the thread runs");
            assertEquals(2, requests.countExcluding(Thread.currentThread()));
            List<RunningUnit> report = requests.describeRunning(3);
            assertEquals(2, report.size());
            RunningUnit async = report.stream().filter(u -> u.description().equals("GET /async")).findFirst().get();
            assertEquals("pooled-worker", async.thread());
            assertNull(async.frames(), "the async unit is not shown with the stack of the request its thread runs now");
            RunningUnit exit = report.stream().filter(u -> u.description().equals("GET /admin/exit")).findFirst().get();
            assertEquals("pooled-worker", exit.thread());
            assertEquals(3, exit.frames().size());
            assertTrue(exit.ageMillis() >= 0);

            units[0].end();
            assertEquals(0, requests.countExcluding(worker));
        } finally {
            release.countDown();
            worker.join();
        }
    }

    @Test
    void aThreadOutsideAnyUnitExcludesNothing() throws Exception {
        Thread idle = new Thread(() -> requests.begin("GET /async"), "pooled-worker");
        idle.start();
        idle.join();
        assertEquals(1, requests.countExcluding(idle));
    }
}
