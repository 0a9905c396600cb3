package dev.gracefulagent.track;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The library objects an integration found (servers, pools, clients), held weakly and compared by identity,
 * so the agent never keeps an object or its class loader alive and never calls their equals. Registration
 * happens on start-up paths (a server starting, a pool opening), never per request.
 */
public final class WeakRegistry<T> {
    private final List<WeakReference<T>> items = new ArrayList<>();

    /** Adds the object; true when it was not registered before. */
    public synchronized boolean add(T item) {
        for (Iterator<WeakReference<T>> it = items.iterator(); it.hasNext(); ) {
            T existing = it.next().get();
            if (existing == null) {
                it.remove();
            } else if (existing == item) {
                return false;
            }
        }
        items.add(new WeakReference<>(item));
        return true;
    }

    /** The objects still alive, in registration order. */
    public synchronized List<T> snapshot() {
        List<T> alive = new ArrayList<>();
        for (WeakReference<T> ref : items) {
            T item = ref.get();
            if (item != null) {
                alive.add(item);
            }
        }
        return alive;
    }
}
