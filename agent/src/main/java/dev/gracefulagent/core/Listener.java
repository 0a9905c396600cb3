package dev.gracefulagent.core;

import java.util.List;

/**
 * A listening TCP socket the JVM opened, seen where it was bound. The sequence decides whose it is from
 * {@link #openingStack()}: the agent's own, infrastructure, an integration's (which stops its intake), or
 * nobody's, which the agent closes itself at stop intake and whose connections it counts.
 */
public interface Listener {
    /** The local port. */
    int port();

    /** Class names of the frames that bound it, innermost first. */
    List<String> openingStack();

    /** True when a class on the stack that bound it starts with one of {@code prefixes}. */
    default boolean wasOpenedByAny(List<String> prefixes) {
        for (String frame : openingStack()) {
            for (String prefix : prefixes) {
                if (frame.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean isOpen();

    void close() throws Exception;

    /**
     * Returns once a closed listener no longer takes connections (bounded, about a second). A thread still
     * inside a blocking {@code accept()}, or a selector the channel is still registered with, keeps the kernel's
     * listening socket alive after {@code close()} has returned; connections would be accepted in that instant.
     */
    void awaitReleased() throws Exception;

    /** Connections accepted on it that are still open, or -1 when this kind of listener cannot count them. */
    int openConnections();
}
