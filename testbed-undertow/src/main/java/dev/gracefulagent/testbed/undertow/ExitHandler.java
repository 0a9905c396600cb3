package dev.gracefulagent.testbed.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * GET /admin/exit?code=N[&amp;from=background]: System.exit(N), as a framework's admin endpoint would, from the
 * worker thread serving the request or from a background thread.
 */
final class ExitHandler implements HttpHandler {
    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        int code = Integer.parseInt(exchange.getQueryParameters().get("code").getFirst());
        if (exchange.getQueryParameters().containsKey("from")) {
            new Thread(() -> System.exit(code), "background-exit").start();
            exchange.setStatusCode(202);
            return;
        }
        System.exit(code);
    }
}
