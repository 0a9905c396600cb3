package dev.gracefulagent.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A step of the application's shutdown held for the drain (an event loop stop while requests are in flight): not
 * held before a drain began, released when the work ends, and released at the drain's deadline at the latest.
 */
class DrainSignalTest {
    private final DrainSignal signal = new DrainSignal();
    private final InFlight requests = new InFlight("requests", new Describer() {
        @Override
        public String describe(Object subject) {
            return subject.toString();
        }

        @Override
        public String entryFrame() {
            return DrainSignalTest.class.getName();
        }
    }, signal);

    @Test
    void nothingIsHeldBeforeADrainBegan() throws InterruptedException {
        requests.begin("POST /db/write");
        assertFalse(signal.awaitWithinDrain(() -> requests.count() == 0));
    }

    @Test
    void aHeldStepGoesOnOnceTheWorkEnded() throws InterruptedException {
        signal.arm(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        Unit write = requests.begin("POST /db/write");
        Thread answering = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            write.end();
        });
        answering.start();
        assertTrue(signal.awaitWithinDrain(() -> requests.count() == 0));
        assertEquals(0, requests.count());
    }

    @Test
    void aHeldStepGoesOnAtTheDrainsDeadline() throws InterruptedException {
        signal.arm(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
        requests.begin("POST /db/write");
        assertFalse(signal.awaitWithinDrain(() -> requests.count() == 0));
    }
}
