package dev.gracefulagent.testbed.undertow;

import io.undertow.Undertow;
import io.undertow.Version;
import io.undertow.server.HttpHandler;

/**
 * Starts the one listener of a testbed the plain Undertow way and prints the ready line, with the Undertow
 * version that serves. PORT selects the port (default 8080).
 */
final class Serving {
    /** Enough workers that every request of the end-to-end tests runs at once instead of queueing. */
    private static final int WORKER_THREADS = 128;

    private Serving() {
    }

    static void start(String name, HttpHandler routes) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Undertow server = Undertow.builder()
                .addHttpListener(port, "0.0.0.0")
                .setWorkerThreads(WORKER_THREADS)
                .setHandler(routes)
                .build();
        server.start();
        System.out.println(name + " ready on port " + port + " (Undertow " + Version.getVersionString() + ")");
    }
}
