package dev.gracefulagent.testbed.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * GET ?ms=N with a plain Undertow handler, outside any servlet: it leaves the I/O thread the usual Undertow way
 * ({@code exchange.dispatch}), blocks a worker thread for N ms and answers "done".
 */
final class PlainWorkHandler implements HttpHandler {
    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        Thread.sleep(Work.millis(exchange));
        Work.answer(exchange);
    }
}
