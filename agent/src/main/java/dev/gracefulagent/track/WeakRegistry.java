package dev.gracefulagent.track;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The library objects an integration found (servers, pools, clients), held weakly and compared by identity,
 * so the agent never keeps an object or its class loader alive and never calls their equals. Some hooks
 * register on every request (that is how servers started before an attach are found), so an object already
 * known is found by scanning a small array without any lock; only a new object takes the lock.
 */
public final class WeakRegistry<T> {
    private volatile WeakReference<T>[] items = newArray(0);

    /** Adds the object; true when it was not registered before. */
    public boolean add(T item) {
        return !contains(item) && addNew(item);
    }

    private boolean contains(T item) {
        for (WeakReference<T> ref : items) {
            if (ref.get() == item) {
                return true;
            }
        }
        return false;
    }

    private synchronized boolean addNew(T item) {
        if (contains(item)) {
            return false;
        }
        List<WeakReference<T>> alive = new ArrayList<>();
        for (WeakReference<T> ref : items) {
            if (ref.get() != null) {
                alive.add(ref);
            }
        }
        alive.add(new WeakReference<>(item));
        items = alive.toArray(newArray(0));
        return true;
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

    @SuppressWarnings("unchecked")
    private static <T> WeakReference<T>[] newArray(int length) {
        return (WeakReference<T>[]) new WeakReference<?>[length];
    }
}
