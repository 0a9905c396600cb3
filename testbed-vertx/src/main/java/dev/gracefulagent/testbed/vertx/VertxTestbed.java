package dev.gracefulagent.testbed.vertx;

import dev.gracefulagent.testbed.common.BackgroundWork;
import dev.gracefulagent.testbed.common.Database;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An ordinary Vert.x 5 service, the kind users attach the agent to: one HTTP server with a vertx-web router,
 * blocking work through {@code executeBlocking} (GET /work, POST /db/write, GET /db/count, GET /jobs), timer-based
 * asynchronous work on the event loop (GET /async), WebSocket echo and ticker (/ws/echo, /ws/ticker), no shutdown
 * code at all. PORT selects the port (default 8080); TLS_KEYSTORE and TLS_PASSWORD switch it to TLS.
 */
public final class VertxTestbed {
    /** Enough workers that every request of the end-to-end tests runs at once instead of queueing. */
    private static final int WORKER_THREADS = 128;

    private VertxTestbed() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Database database = Database.fromEnvironment();
        BackgroundWork work = BackgroundWork.start(database);
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(WORKER_THREADS));
        Router router = Router.router(vertx);
        router.get("/work").handler(context -> blocking(context, () -> {
            Thread.sleep(millis(context));
            return "done";
        }));
        router.get("/async").handler(context -> vertx.setTimer(Math.max(1, millis(context)),
                timer -> context.response().end("done")));
        router.post("/db/write").handler(context -> blocking(context, () -> Long.toString(
                database.write(millis(context)))));
        router.get("/db/count").handler(context -> blocking(context, () -> Long.toString(database.count())));
        router.get("/jobs").handler(context -> blocking(context, database::jobs));
        router.post("/handoff").handler(context -> {
            work.handOff(millis(context));
            context.response().setStatusCode(202).end();
        });
        HttpServer server = vertx.createHttpServer(serverOptions()).requestHandler(router).webSocketHandler(
                socket -> webSocket(vertx, socket));
        server.listen(port).await();
        System.out.println("testbed-vertx ready on port " + server.actualPort() + " (Vert.x "
                + io.vertx.core.impl.VertxImpl.version() + ")");
    }

    /**
     * Vert.x's defaults (HTTP/1.1, and HTTP/2 over cleartext with prior knowledge or upgrade); with TLS_KEYSTORE (a
     * PKCS#12 file) and TLS_PASSWORD, TLS with ALPN offering HTTP/2 and HTTP/1.1 instead.
     */
    private static HttpServerOptions serverOptions() {
        HttpServerOptions options = new HttpServerOptions();
        String keystore = System.getenv("TLS_KEYSTORE");
        if (keystore != null) {
            options.setSsl(true).setUseAlpn(true).setKeyCertOptions(new PfxOptions().setPath(keystore)
                    .setPassword(System.getenv("TLS_PASSWORD")));
        }
        return options;
    }

    /**
     * /ws/echo sends every text message back, after {@code ?ms=N} of work in the handler (on the event loop, where
     * Vert.x runs it); /ws/ticker sends "tick N" every second.
     */
    private static void webSocket(Vertx vertx, ServerWebSocket socket) {
        switch (socket.path()) {
            case "/ws/echo":
                long ms = socket.query() == null ? 0 : Long.parseLong(socket.query().replaceFirst("^ms=", ""));
                socket.textMessageHandler(message -> {
                    sleep(ms);
                    socket.writeTextMessage(message);
                });
                break;
            case "/ws/ticker":
                AtomicLong ticks = new AtomicLong();
                long timer = vertx.setPeriodic(1000, id -> socket.writeTextMessage("tick " + ticks.incrementAndGet()));
                socket.closeHandler(closed -> vertx.cancelTimer(timer));
                break;
            default:
                socket.close((short) 1008, "no such endpoint");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code work} on a worker thread and answers its result as text/plain, or 500 with the failure. */
    private static void blocking(RoutingContext context, Callable<String> work) {
        context.vertx().executeBlocking(work, false).onComplete(result -> {
            if (result.succeeded()) {
                context.response().putHeader("Content-Type", "text/plain").end(result.result());
            } else {
                context.response().setStatusCode(500).end(String.valueOf(result.cause()));
            }
        });
    }

    private static long millis(RoutingContext context) {
        String ms = context.request().getParam("ms");
        return ms == null ? 0 : Long.parseLong(ms);
    }
}
