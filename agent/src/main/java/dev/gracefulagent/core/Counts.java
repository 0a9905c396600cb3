package dev.gracefulagent.core;

import dev.gracefulagent.track.InFlight;
import java.util.ArrayList;
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
        if (byNoun.isEmpty()) {
            return none;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : byNoun.entrySet()) {
            parts.add(phrase(e.getValue(), e.getKey()));
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** "1 request", "2 requests": every noun the integrations use makes its plural with a final s. */
    static String phrase(long n, String pluralNoun) {
        boolean singular = n == 1 && pluralNoun.endsWith("s");
        return n + " " + (singular ? pluralNoun.substring(0, pluralNoun.length() - 1) : pluralNoun);
    }
}
