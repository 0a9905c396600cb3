package dev.gracefulagent.integration.pool;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The pools (or clients) of one library, held weakly and compared by identity. The discovery hooks sit on
 * methods that run on every connection request, so a pool already known is found by scanning a small array
 * without any lock; only a new pool takes the lock and copies the array.
 */
final class PoolSet {
    /** One pool and what the agent knows of its state. */
    static final class Entry extends WeakReference<Object> {
        /** Closed by the application before the shutdown, or by the agent: never closed (again) by the agent. */
        volatile boolean closed;
        /** The application asked to close it during the drain; the agent closes it once the drain is over. */
        volatile boolean deferred;

        Entry(Object pool) {
            super(pool);
        }
    }

    private volatile Entry[] entries = new Entry[0];

    /** The entry of the pool, registered on its first sighting. */
    Entry register(Object pool) {
        Entry known = find(pool);
        return known != null ? known : addNew(pool);
    }

    /** The pool's entry, or null; no lock. */
    Entry find(Object pool) {
        for (Entry entry : entries) {
            if (entry.get() == pool) {
                return entry;
            }
        }
        return null;
    }

    private synchronized Entry addNew(Object pool) {
        Entry known = find(pool);
        if (known != null) {
            return known;
        }
        List<Entry> alive = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.get() != null) {
                alive.add(entry);
            }
        }
        Entry added = new Entry(pool);
        alive.add(added);
        entries = alive.toArray(new Entry[0]);
        return added;
    }

    /** The entries whose pool is still alive, in discovery order. */
    List<Entry> snapshot() {
        List<Entry> alive = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.get() != null) {
                alive.add(entry);
            }
        }
        return alive;
    }
}
