package dev.gracefulagent.core;

import dev.gracefulagent.log.ShutdownEvents;
import dev.gracefulagent.track.InFlight;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts by kind for the log: "12 requests and 3 tasks", only the kinds that were seen. */
final class Counts {
    private final Map<String, Long> byNoun = new LinkedHashMap<>();

    /** The work in flight now, or what drained since the shutdown began, summed by noun. */
    static Counts of(List<InFlight> work, boolean drained) {
        Counts counts = new Counts();
        for (InFlight tracker : work) {
            counts.add(tracker.noun(), drained ? tracker.drained() : tracker.count());
        }
        return counts;
    }

    /** Adds {@code n} of a kind named by its plural noun; zero adds nothing. */
    void add(String pluralNoun, long n) {
        if (n == 0) {
            return;
        }
        Long before = byNoun.get(pluralNoun);
        byNoun.put(pluralNoun, before == null ? n : before + n);
    }

    /** "12 requests, 1 task and 3 borrowed connections", or {@code none} when nothing was counted. */
    String orElse(String none) {
        return ShutdownEvents.counts(byNoun, none);
    }

    /** The counts by plural noun, in the order the kinds were first seen. */
    Map<String, Long> byKind() {
        return byNoun;
    }
}
