package dev.gracefulagent.testbed.undertow;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** What every work endpoint shares: the answer, the ms parameter, the timer that completes async work. */
final class Work {
    static final String DONE = "done";
    private static final ScheduledExecutorService COMPLETER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "async-completer");
        t.setDaemon(true);
        return t;
    });

    private Work() {
    }

    static long millis(String ms) {
        return ms == null ? 0 : Long.parseLong(ms);
    }

    static long millis(HttpServerExchange exchange) {
        Deque<String> ms = exchange.getQueryParameters().get("ms");
        return millis(ms == null ? null : ms.peekFirst());
    }

    static void answer(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(DONE);
    }

    /** Runs the completion on the timer thread, off every Undertow thread. */
    static void completeAfter(long ms, Runnable completion) {
        COMPLETER.schedule(completion, ms, TimeUnit.MILLISECONDS);
    }
}
