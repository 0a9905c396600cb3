package dev.gracefulagent.testbed.jdkhttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * An ordinary small service on the JDK's own {@code com.sun.net.httpserver.HttpServer}, with no shutdown code:
 * GET /work?ms=N answers "done" after N ms. PORT selects the port (default 8080); EXECUTOR=pool runs the handlers
 * on a fixed thread pool, otherwise the server has no executor and runs them on its dispatcher thread, one at a
 * time.
 */
public final class JdkHttpTestbed {
    private JdkHttpTestbed() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        boolean pool = "pool".equals(System.getenv("EXECUTOR"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/work", JdkHttpTestbed::work);
        if (pool) {
            server.setExecutor(Executors.newFixedThreadPool(16));
        }
        server.start();
        System.out.println("testbed-jdkhttp ready on port " + port + " (" + (pool ? "thread pool" : "no executor")
                + ")");
    }

    private static void work(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        long ms = query != null && query.startsWith("ms=") ? Long.parseLong(query.substring(3)) : 0;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = "done".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
