package dev.gracefulagent.instrument;

import java.util.Set;

/** A class's woven bytes and the hooks that found their place in it. */
final class Woven {
    final byte[] bytes;
    final Set<RegisteredHook> found;

    Woven(byte[] bytes, Set<RegisteredHook> found) {
        this.bytes = bytes;
        this.found = found;
    }
}
