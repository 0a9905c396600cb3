package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.common.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketClose;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketConnect;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;

/** /ws/jetty/ticker through Jetty's own WebSocket API: every open session gets "tick N" once a second. */
@WebSocket
public final class JettyTickerSocket {
    private static final Ticker<Session> TICKER = new Ticker<>((session, text) -> {
        try {
            session.getRemote().sendString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    @OnWebSocketConnect
    public void onConnect(Session session) {
        TICKER.add(session);
    }

    @OnWebSocketClose
    public void onClose(Session session, int statusCode, String reason) {
        TICKER.remove(session);
    }
}
