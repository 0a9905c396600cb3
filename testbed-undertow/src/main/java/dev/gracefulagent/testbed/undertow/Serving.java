package dev.gracefulagent.testbed.undertow;

import dev.gracefulagent.testbed.common.Transports;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.Version;
import io.undertow.server.HttpHandler;

/**
 * Starts the one listener of a testbed the plain Undertow way and prints the ready line, with the Undertow
 * version that serves. PORT selects the port (default 8080); H2 and TLS_PORT add HTTP/2 and a TLS listener
 * (see {@link Transports}).
 */
final class Serving {
    /** Enough workers that every request of the end-to-end tests runs at once instead of queueing. */
    private static final int WORKER_THREADS = 128;

    private Serving() {
    }

    static void start(String name, HttpHandler routes) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Undertow.Builder builder = Undertow.builder()
                .addHttpListener(port, "0.0.0.0")
                .setWorkerThreads(WORKER_THREADS)
                .setHandler(routes);
        if (Transports.http2()) { // h2c (prior knowledge and upgrade) on PORT, h2 by ALPN on the TLS port
            builder.setServerOption(UndertowOptions.ENABLE_HTTP2, true);
        }
        if (Transports.tlsPort() != 0) {
            builder.addHttpsListener(Transports.tlsPort(), "0.0.0.0", Transports.sslContext());
        }
        Undertow server = builder.build();
        server.start();
        System.out.println(name + " ready on port " + port + " (Undertow " + Version.getVersionString() + ")");
    }
}
