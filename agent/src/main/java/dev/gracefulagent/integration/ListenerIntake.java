package dev.gracefulagent.integration;

import dev.gracefulagent.log.Log;
import java.util.List;
import org.slf4j.Logger;

/**
 * Stopping intake the way every HTTP server integration does it: on each server or connector it found, close the
 * listening sockets, then the idle connections; one line for the log says what was closed. A target that fails is
 * logged and the others still stop.
 */
public abstract class ListenerIntake {
    private static final Logger LOG = Log.get(ListenerIntake.class);

    private final String noun;

    /** {@code noun}: what the targets are, for the log line ("server", "connector"). */
    protected ListenerIntake(String noun) {
        this.noun = noun;
    }

    /** Closes the target's listening sockets so that new connections are refused; returns how many. */
    protected abstract int closeListeners(Object target) throws ReflectiveOperationException;

    /** Closes the target's connections that have no request in progress; returns how many. */
    protected abstract int closeIdle(Object target) throws ReflectiveOperationException;

    /** Both steps on every target; what was done, or null when there was no target. */
    public final String stop(List<Object> targets) {
        if (targets.isEmpty()) {
            return null;
        }
        int listeners = 0;
        int idleClosed = 0;
        for (Object target : targets) {
            try {
                listeners += closeListeners(target);
                idleClosed += closeIdle(target);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("could not stop intake of {}: {}", target, e.toString());
            }
        }
        return "closed " + listeners + " listener(s) on " + targets.size() + " " + noun + "(s), " + idleClosed
                + " idle connection(s)";
    }
}
