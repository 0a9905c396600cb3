package dev.gracefulagent.testbed.undertow;

import io.undertow.Handlers;
import io.undertow.server.handlers.PathHandler;

/** The WebSocket endpoints every Undertow testbed serves: /ws/echo and /ws/ticker. */
final class Sockets {
    private Sockets() {
    }

    static PathHandler addTo(PathHandler paths) {
        return paths.addExactPath("/ws/echo", Handlers.websocket(new EchoSocket()))
                .addExactPath("/ws/ticker", Handlers.websocket(new TickerSocket()));
    }
}
