package dev.gracefulagent.integration.websocket;

import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * The WebSocket sessions of one container and what the shutdown does with them, shared by every container:
 * the container's hooks report sessions opening and closing and each message handler starting and ending;
 * {@link #goAway} sends every open session a close frame with 1001 (going away) — at once when no handler of
 * the session runs, otherwise on the handler's own thread right after the handler ends — and the drain waits
 * for the running handlers and for the close handshakes.
 */
public final class Sessions {
    static final int GOING_AWAY = 1001;
    static final String REASON = "server shutting down";
    private static final Logger LOG = Log.get(Sessions.class);

    private final SessionControl control;
    private final SessionRegistry registry = new SessionRegistry();
    /** Running handlers by the container's token for one delivery (its completion callback, say). */
    private final ConcurrentHashMap<Object, Unit> running = new ConcurrentHashMap<>();
    private final InFlight messages;
    private final InFlight closing;
    private final AtomicBoolean closeFailureLogged = new AtomicBoolean();

    Sessions(SessionControl control, DrainSignal signal) {
        this.control = control;
        this.messages = new InFlight("WebSocket messages", new MessageDescriber(), signal);
        this.closing = new InFlight("WebSocket sessions", new ClosingDescriber(), signal);
    }

    /** A session of the container opened. */
    public void opened(Object session) {
        registry.register(session);
    }

    /**
     * The connection of a session closed, after a close handshake or without one. A delivery the container
     * abandoned with the connection (a frame too large, a failed read) never reports its end: it ends here.
     */
    public void closed(Object session) {
        SessionState state = registry.remove(session);
        if (state == null) {
            return;
        }
        state.markClosed();
        for (Map.Entry<Object, Unit> delivery : running.entrySet()) {
            if (delivery.getValue().subject() == state && running.remove(delivery.getKey(), delivery.getValue())) {
                delivery.getValue().end();
            }
        }
    }

    /**
     * The container hands a received frame or message of {@code session} to the application; {@code token}
     * identifies this one delivery until {@link #messageEnds} (an object of the container's with identity
     * equality, such as the delivery's completion callback). Sessions not seen opening are not tracked.
     */
    public void messageBegins(Object session, Object token) {
        SessionState state = registry.find(session);
        // a container may report one delivery more than once (a message handed over in parts): count it once
        if (state == null || running.containsKey(token)) {
            return;
        }
        state.handlerBegins();
        running.put(token, messages.begin(state));
    }

    /** The application is done with the delivery {@code token}; a close the agent asked for may go out now. */
    public void messageEnds(Object token) {
        Unit unit = running.remove(token);
        if (unit == null) {
            return;
        }
        unit.end();
        SessionState state = (SessionState) unit.subject();
        if (state.handlerEnds()) {
            sendGoingAway(state);
        }
    }

    /** Stop intake: every open session is asked to go away; returns what was done, or null with no session. */
    String goAway() {
        List<SessionState> open = registry.open();
        if (open.isEmpty()) {
            return null;
        }
        int sent = 0;
        for (SessionState state : open) {
            state.awaitClose(closing.begin(state));
            if (state.requestClose()) {
                sendGoingAway(state);
                sent++;
            }
        }
        return "close " + GOING_AWAY + " sent to " + sent + " of " + open.size() + " session(s)"
                + (sent < open.size() ? ", the others after their running message handler" : "");
    }

    /** Sessions open and still referenced by the container. */
    int openCount() {
        return registry.open().size();
    }

    InFlight messages() {
        return messages;
    }

    InFlight closing() {
        return closing;
    }

    /** Runs on the agent's thread or on a container thread just after a handler: it must never throw. */
    private void sendGoingAway(SessionState state) {
        Object session = state.get();
        try {
            if (session != null) {
                control.close(session, GOING_AWAY, REASON);
                return;
            }
        } catch (Throwable t) {
            if (closeFailureLogged.compareAndSet(false, true)) {
                LOG.warn("could not close WebSocket session {}: {}", session, t.toString());
            }
        }
        // no close handshake will come: the drain must not wait for one
        state.markClosed();
    }

    private String pathOf(SessionState state) {
        Object session = state.get();
        if (session == null) {
            return "WebSocket session (collected)";
        }
        try {
            return "WebSocket " + control.path(session);
        } catch (Throwable t) {
            return "WebSocket session " + session.getClass().getName();
        }
    }

    /** "message on WebSocket /ws/echo", with the thread running the handler. */
    private final class MessageDescriber implements Describer {
        @Override
        public String describe(Object state) {
            return "message on " + pathOf((SessionState) state);
        }

        @Override
        public String entryFrame() {
            return control.handlerFrame();
        }
    }

    /** "WebSocket /ws/echo, close handshake not finished". No thread runs a close handshake. */
    private final class ClosingDescriber implements Describer {
        @Override
        public String describe(Object subject) {
            SessionState state = (SessionState) subject;
            return pathOf(state) + (state.closeSent() ? ", close handshake not finished"
                    : ", close waits for its running message handler");
        }

        @Override
        public String entryFrame() {
            return Sessions.class.getName() + ".closeHandshake";
        }
    }
}
