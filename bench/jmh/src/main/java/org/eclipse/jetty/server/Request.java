package org.eclipse.jetty.server;

import java.util.function.Consumer;

/**
 * Stand-in for Jetty 12's {@code Request}, with only the static method the agent's Jetty integration resolves
 * per server class loader. It lets the benchmark drive the integration's real hook without a server, so
 * Jetty's own per-request cost is not part of the figures.
 */
public interface Request {
    /** Where the stand-in keeps the listener until the benchmark completes the request. */
    void keep(Consumer<Throwable> completionListener);

    static void addCompletionListener(Request request, Consumer<Throwable> listener) {
        request.keep(listener);
    }
}
