package dev.gracefulagent.testbed.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;

/**
 * GET ?ms=N, the async equivalent without servlets, in Undertow's own idiom: a dispatch to
 * {@code SameThreadExecutor} frees the I/O thread without taking a worker, and a timer thread answers "done"
 * after N ms.
 */
final class AsyncWorkHandler implements HttpHandler {
    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long ms = Work.millis(exchange);
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> Work.completeAfter(ms, () -> Work.answer(exchange)));
    }
}
