package dev.gracefulagent.integration.websocket;

import dev.gracefulagent.track.Unit;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the agent knows of one open session: how many of its message handlers run, whether the agent asked it
 * to close, and the close handshake the drain waits for. It refers to the session weakly and is its own key in
 * the {@link SessionRegistry} (identity of the session, never its equals).
 */
final class SessionState extends WeakReference<Object> {
    private static final int CLOSE_REQUESTED = 1 << 30;
    private static final int CLOSE_SENT = 1 << 29;
    private static final int HANDLERS = CLOSE_SENT - 1;

    private final int hash;
    /** Running handlers in the low bits, CLOSE_REQUESTED and CLOSE_SENT above them: one atomic for the race. */
    private final AtomicInteger word = new AtomicInteger();
    private final AtomicReference<Unit> closing = new AtomicReference<>();
    private volatile boolean closed;

    SessionState(Object session, ReferenceQueue<Object> queue) {
        super(session, queue);
        this.hash = System.identityHashCode(session);
    }

    void handlerBegins() {
        word.incrementAndGet();
    }

    /** True when this was the last running handler of a session asked to close: the caller sends the close. */
    boolean handlerEnds() {
        return word.decrementAndGet() == CLOSE_REQUESTED && word.compareAndSet(CLOSE_REQUESTED,
                CLOSE_REQUESTED | CLOSE_SENT);
    }

    /** Asks the session to close; true when no handler runs, so the caller sends the close now. */
    boolean requestClose() {
        while (true) {
            int now = word.get();
            if ((now & CLOSE_REQUESTED) != 0) {
                return false;
            }
            if (word.compareAndSet(now, now | CLOSE_REQUESTED)) {
                return (now & HANDLERS) == 0 && word.compareAndSet(CLOSE_REQUESTED, CLOSE_REQUESTED | CLOSE_SENT);
            }
        }
    }

    boolean closeSent() {
        return (word.get() & CLOSE_SENT) != 0;
    }

    /** The drain waits for this unit until the session has closed (it ends at once if it already has). */
    void awaitClose(Unit unit) {
        closing.set(unit);
        if (closed) {
            endClosing();
        }
    }

    /** The connection of the session is closed: the close handshake, if one was awaited, is over. */
    void markClosed() {
        closed = true;
        endClosing();
    }

    private void endClosing() {
        Unit unit = closing.getAndSet(null);
        if (unit != null) {
            unit.end();
        }
    }

    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        Object session = get();
        return session != null && other instanceof SessionState && ((SessionState) other).get() == session;
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
