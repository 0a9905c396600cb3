package dev.gracefulagent.track;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The library objects an integration found (servers, pools, clients), held weakly and compared by identity,
 * so the agent never keeps an object or its class loader alive and never calls their equals. New objects are
 * rare (a server starting, a pool opening), but a hook may register its object on every request (Jetty's
 * {@code Server.handle} hook does): finding one already registered takes no lock.
 */
public final class WeakRegistry<T> {
    /** Copy on write: replaced, never changed, so readers need no lock. */
    private volatile List<WeakReference<T>> items = Collections.emptyList();

    /** Adds the object; true when it was not registered before. */
    public boolean add(T item) {
        if (contains(items, item)) {
            return false;
        }
        synchronized (this) {
            List<WeakReference<T>> current = items;
            if (contains(current, item)) {
                return false;
            }
            List<WeakReference<T>> next = new ArrayList<>(current.size() + 1);
            for (WeakReference<T> ref : current) {
                if (ref.get() != null) {
                    next.add(ref);
                }
            }
            next.add(new WeakReference<>(item));
            items = next;
            return true;
        }
    }

    private static <T> boolean contains(List<WeakReference<T>> refs, T item) {
        // indexed: no iterator on the per-request path
        for (int i = 0; i < refs.size(); i++) {
            if (refs.get(i).get() == item) {
                return true;
            }
        }
        return false;
    }

    /** The objects still alive, in registration order. */
    public List<T> snapshot() {
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
