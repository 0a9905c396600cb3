package dev.gracefulagent.integration;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.track.WeakRegistry;
import org.slf4j.Logger;

/** What the container integrations share about the servers they find: registration at start, the intake line. */
public final class Servers {
    private Servers() {
    }

    /** The body of a hook at the start of a server's start method: registers the server ({@code this}). */
    public static Bridge.Hook registerOnStart(final WeakRegistry<Object> servers, final Logger log) {
        return new Bridge.Hook() {
            @Override
            public boolean enter(Object server, Object a, Object b, Object c) {
                if (servers.add(server)) {
                    log.debug("found {}", server);
                }
                return false;
            }
        };
    }

    /** "closed 2 listener(s) on 1 server(s), 3 idle connection(s)", for the stop intake log line. */
    public static String intakeStopped(int listeners, int servers, int idleConnections) {
        return "closed " + listeners + " listener(s) on " + servers + " server(s), " + idleConnections
                + " idle connection(s)";
    }
}
