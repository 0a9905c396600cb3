package dev.gracefulagent.integration.websocket;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sessions of one container, held weakly and found by identity without a lock: a session that is
 * dropped without the close hook ever seeing it does not stay alive here, nor does its class loader.
 */
final class SessionRegistry {
    private final ConcurrentHashMap<Object, SessionState> states = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    SessionState register(Object session) {
        expungeCollected();
        SessionState state = new SessionState(session, collected);
        SessionState before = states.putIfAbsent(state, state);
        return before == null ? state : before;
    }

    SessionState find(Object session) {
        return states.get(new Probe(session));
    }

    SessionState remove(Object session) {
        return states.remove(new Probe(session));
    }

    /** The states of sessions still open and alive. */
    List<SessionState> open() {
        List<SessionState> open = new ArrayList<>(states.size());
        for (SessionState state : states.values()) {
            if (state.get() != null) {
                open.add(state);
            }
        }
        return open;
    }

    private void expungeCollected() {
        for (Reference<?> gone; (gone = collected.poll()) != null; ) {
            states.remove(gone);
        }
    }

    /** A lookup key for a session, equal to its state (ConcurrentHashMap calls the probe's equals). */
    private static final class Probe {
        private final Object session;

        Probe(Object session) {
            this.session = session;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SessionState && ((SessionState) other).get() == session;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(session);
        }
    }
}
