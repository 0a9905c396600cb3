package dev.gracefulagent.testbed.jetty;

import dev.gracefulagent.testbed.common.Ticker;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** /ws/ticker through Jetty's own WebSocket API: every open session gets "tick N" once a second. */
public final class TickerServlet extends JettyWebSocketServlet {
    private static final long serialVersionUID = 1L;
    private static final Ticker<Session> TICKER = new Ticker<>((session, text) -> session.sendText(text,
            Callback.NOOP));

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        factory.setCreator((request, response) -> new Listener());
    }

    /** One ticker subscriber; it ignores what the client sends. */
    public static final class Listener implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
            TICKER.add(opened);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            TICKER.remove(session);
        }
    }
}
