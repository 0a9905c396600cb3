package dev.gracefulagent.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.gracefulagent.core.Readiness;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * {@code /ready} (200, then 503 from the moment shutdown begins) and {@code /live} (200 until exit) on the
 * health port. It answers GET and HEAD only and has no way to trigger or alter a shutdown. It runs on its own
 * daemon thread, independent of the application's containers, so probes reach it during the whole drain.
 */
public final class HealthEndpoint implements HttpHandler {
    /** The agent's own server, which the integration of the JDK's HTTP server must never touch. */
    private static volatile HttpServer running;

    private HealthEndpoint() {
    }

    /** The health endpoint's server, or null when no health port is set. */
    public static HttpServer running() {
        return running;
    }

    public static InetSocketAddress start(String bindAddress, int port) throws IOException {
        final HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        server.createContext("/", new HealthEndpoint());
        server.setExecutor(singleDaemonThread());
        running = server;
        // the JDK's dispatcher thread takes the daemon status of the thread that starts the server: started from
        // a daemon thread, it never keeps the JVM alive after the application ends
        Thread starter = new Thread(new Runnable() {
            @Override
            public void run() {
                server.start();
            }
        }, "graceful-health-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return server.getAddress();
    }

    private static ExecutorService singleDaemonThread() {
        return Executors.newSingleThreadExecutor(new ThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "graceful-health");
                t.setDaemon(true);
                return t;
            }
        });
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                respond(exchange, 405, "only GET and HEAD\n");
            } else if (path.equals("/ready")) {
                boolean ready = Readiness.isReady();
                respond(exchange, ready ? 200 : 503, ready ? "ready\n" : "shutting down\n");
            } else if (path.equals("/live")) {
                respond(exchange, 200, "live\n");
            } else {
                respond(exchange, 404, "try /ready or /live\n");
            }
        } finally {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
