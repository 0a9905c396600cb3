package dev.gracefulagent.testbed.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Deque;

/**
 * GET /plain?ms=N, a plain Undertow handler outside any servlet: it leaves the I/O thread the usual Undertow
 * way ({@code exchange.dispatch}), blocks a worker thread for N ms and answers "done".
 */
final class PlainWorkHandler implements HttpHandler {
    static final String DONE = "done";

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        Deque<String> ms = exchange.getQueryParameters().get("ms");
        Thread.sleep(millis(ms == null ? null : ms.peekFirst()));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(DONE);
    }

    static long millis(String ms) {
        return ms == null ? 0 : Long.parseLong(ms);
    }
}
