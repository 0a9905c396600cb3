package dev.gracefulagent.testbed.common;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;

/** /ws/ticker through JSR-356: every open session gets "tick N" once a second. */
@ServerEndpoint("/ws/ticker")
public final class TickerEndpoint {
    private static final Ticker<Session> TICKER = new Ticker<>((session, text) -> {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    @OnOpen
    public void onOpen(Session session) {
        TICKER.add(session);
    }

    @OnClose
    public void onClose(Session session) {
        TICKER.remove(session);
    }
}
