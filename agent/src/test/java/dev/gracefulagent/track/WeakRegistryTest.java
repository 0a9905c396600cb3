package dev.gracefulagent.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WeakRegistryTest {
    @Test
    void registersEachObjectOnceByIdentityInOrder() {
        WeakRegistry<Object> registry = new WeakRegistry<>();
        String first = new String("server");
        String equalButDistinct = new String("server");

        assertTrue(registry.add(first));
        assertFalse(registry.add(first));
        assertTrue(registry.add(equalButDistinct));

        assertEquals(2, registry.snapshot().size());
        assertTrue(registry.snapshot().get(0) == first && registry.snapshot().get(1) == equalButDistinct);
    }

    @Test
    void concurrentSightingsOfOneObjectRegisterItOnce() throws Exception {
        WeakRegistry<Object> registry = new WeakRegistry<>();
        Object server = new Object();
        AtomicInteger added = new AtomicInteger();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                if (registry.add(server)) {
                    added.incrementAndGet();
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1, added.get());
        assertEquals(1, registry.snapshot().size());
    }
}
