package dev.gracefulagent.integration.executor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The executors and timers seen so far, weakly held and found by identity. Touched when one is created,
 * when a worker thread runs its first task, and during the drain; never on the per-task path.
 */
final class Pools {
    private final List<Pool> pools = new ArrayList<>();

    synchronized Pool add(Pool pool) {
        for (Iterator<Pool> it = pools.iterator(); it.hasNext(); ) {
            if (it.next().get() == null) {
                it.remove();
            }
        }
        pools.add(pool);
        return pool;
    }

    synchronized Pool find(Object executor) {
        for (Pool pool : pools) {
            if (pool.get() == executor) {
                return pool;
            }
        }
        return null;
    }

    synchronized List<Pool> snapshot() {
        return new ArrayList<>(pools);
    }
}
