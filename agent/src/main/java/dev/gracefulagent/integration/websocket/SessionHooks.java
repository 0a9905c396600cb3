package dev.gracefulagent.integration.websocket;

import dev.gracefulagent.bootstrap.Bridge;

/**
 * Hook bodies that hand one object of the hooked call — the receiver, or the argument its hook point picks —
 * to {@link Sessions}: what most container hooks do.
 */
public final class SessionHooks {
    /** The object the hooked method runs on. */
    public static final int RECEIVER = 0;
    /** The first (only) argument the hook point picks, e.g. {@code HookPoint.atEntry(..., 1)}. */
    public static final int PICKED_ARGUMENT = 1;

    private SessionHooks() {
    }

    public static Bridge.Hook opened(final Sessions sessions, int which) {
        return new Picking(which) {
            @Override
            void on(Object session) {
                sessions.opened(session);
            }
        };
    }

    public static Bridge.Hook closed(final Sessions sessions, int which) {
        return new Picking(which) {
            @Override
            void on(Object session) {
                sessions.closed(session);
            }
        };
    }

    public static Bridge.Hook messageEnds(final Sessions sessions, int which) {
        return new Picking(which) {
            @Override
            void on(Object token) {
                sessions.messageEnds(token);
            }
        };
    }

    private abstract static class Picking implements Bridge.Hook {
        private final int which;

        Picking(int which) {
            this.which = which;
        }

        @Override
        public boolean enter(Object self, Object a, Object b, Object c) {
            Object picked = which == RECEIVER ? self : a;
            if (picked != null) {
                on(picked);
            }
            return false;
        }

        abstract void on(Object picked);
    }
}
