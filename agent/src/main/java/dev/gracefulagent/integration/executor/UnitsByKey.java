package dev.gracefulagent.integration.executor;

import dev.gracefulagent.track.Unit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Units of work by the object that carries them (a virtual thread, a fork/join task), behind an exact count: most
 * lookups are for objects never tracked (every run of the virtual-thread scheduler's tasks), and while nothing is
 * tracked the count spares them the map (an identity hash of each new object). Not the map's own
 * {@code isEmpty()}: it sums counters that concurrent puts and removes update, so under load it could answer true
 * while an entry was there, and a unit missed that way stayed in flight for good (the drain waited out its deadline,
 * exit 1). The count rises before an entry goes in and falls after it is out, so it is never below their number.
 */
final class UnitsByKey {
    private final ConcurrentHashMap<Object, Unit> units = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /** Returns the unit the key carried before, if any. */
    Unit put(Object key, Unit unit) {
        count.incrementAndGet();
        Unit replaced = units.put(key, unit);
        if (replaced != null) {
            count.decrementAndGet();
        }
        return replaced;
    }

    Unit get(Object key) {
        return count.get() == 0 ? null : units.get(key);
    }

    Unit remove(Object key) {
        if (count.get() == 0) {
            return null;
        }
        Unit unit = units.remove(key);
        if (unit != null) {
            count.decrementAndGet();
        }
        return unit;
    }
}
