package dev.gracefulagent.testbed.jetty;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** /ws/ticker through Jetty's own WebSocket API: every open session gets "tick N" once a second. */
public final class TickerServlet extends JettyWebSocketServlet {
    private static final long serialVersionUID = 1L;
    private static final Set<Session> SESSIONS = ConcurrentHashMap.newKeySet();
    private static final AtomicLong TICKS = new AtomicLong();

    static {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ticker");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(TickerServlet::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        factory.setCreator((request, response) -> new Listener());
    }

    private static void tick() {
        String text = "tick " + TICKS.incrementAndGet();
        for (Session session : SESSIONS) {
            session.sendText(text, Callback.NOOP);
        }
    }

    /** One ticker subscriber; it ignores what the client sends. */
    public static final class Listener implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
            SESSIONS.add(opened);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            SESSIONS.remove(session);
        }
    }
}
