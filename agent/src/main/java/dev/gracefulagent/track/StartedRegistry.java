package dev.gracefulagent.track;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Servers held strongly from their start to their stop, compared by identity. Some servers are referenced by
 * nothing once started (an {@code Undertow} whose application kept no reference: its I/O threads hold the channels,
 * not the server object), so a weak reference would lose them at the next collection. Released at stop, nothing
 * outlives its server.
 */
public final class StartedRegistry<T> {
    private final Set<T> items = Collections.newSetFromMap(new IdentityHashMap<T, Boolean>());

    /** True when the object was not registered before. */
    public synchronized boolean started(T item) {
        return items.add(item);
    }

    public synchronized void stopped(T item) {
        items.remove(item);
    }

    public synchronized List<T> snapshot() {
        return new ArrayList<>(items);
    }
}
