package dev.gracefulagent.integration;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import java.util.List;
import org.slf4j.Logger;

/**
 * What the container integrations share about the servers they find: the stop intake line, their idle
 * connections, and stopping them after the drain.
 */
public final class Servers {
    private static final Logger LOG = Log.get(Servers.class);

    /** One step on one server; answers how many of something it closed or found (listeners, idle connections). */
    public interface Step {
        int on(Object server) throws Exception;
    }

    /**
     * A step summed over every connector of a server, for the containers whose servers have several (Jetty,
     * Tomcat): the container says how a server lists its connectors, each step what it does on one.
     */
    public abstract static class EveryConnector implements Step {
        protected abstract List<?> connectorsOf(Object server) throws ReflectiveOperationException;

        protected abstract int onConnector(Object connector) throws ReflectiveOperationException;

        @Override
        public final int on(Object server) throws ReflectiveOperationException {
            int total = 0;
            for (Object connector : connectorsOf(server)) {
                total += onConnector(connector);
            }
            return total;
        }
    }

    private Servers() {
    }

    /**
     * Tells the idle grace, at {@code point} (where a server closes a connection or forgets a closed one), that a
     * connection it may be waiting for closed: no server announces it otherwise, and the grace would run its full
     * time after the last one closed.
     */
    public static void knockWhenConnectionsClose(Instrumenter instrumenter, String integration, HookPoint point,
                                                 final DrainSignal signal) {
        instrumenter.hook(integration, point, new Bridge.Hook() {
            @Override
            public boolean enter(Object self, Object a, Object b, Object c) {
                signal.connectionClosed();
                return false;
            }
        });
    }

    /**
     * Runs {@code closeListeners} on each server, a server that fails logged and the others still stopped; the
     * stop intake line, or null when there is no server.
     */
    public static String stopIntake(List<Object> servers, Step closeListeners) {
        if (servers.isEmpty()) {
            return null;
        }
        return intakeStopped(sum(servers, closeListeners, "stop intake of"), servers.size());
    }

    /** The stop intake line, with ", GOAWAY to 2 HTTP/2 connection(s)" when there were any. */
    public static String withGoAways(String line, int goAways) {
        return goAways == 0 ? line : line + ", GOAWAY to " + goAways + " HTTP/2 connection(s)";
    }

    /** Runs {@code step} on each server and adds up its answers; a server that fails is logged and counts 0. */
    public static int sum(List<Object> servers, Step step, String what) {
        int total = 0;
        for (Object server : servers) {
            try {
                total += step.on(server);
            } catch (Exception e) {
                LOG.warn("could not {} {}: {}", what, server, e.toString());
            }
        }
        return total;
    }

    /** "closed 2 listener(s) on 1 server(s)", for the stop intake line. */
    public static String intakeStopped(int listeners, int servers) {
        return "closed " + listeners + " listener(s) on " + servers + " server(s)";
    }

    /**
     * Calls {@code stop()} on each of {@code stoppables} (servers, connectors) still running once nothing is in
     * flight, and answers how many. Their selector and acceptor threads sit in native calls, and HotSpot's exit
     * waits about 300 ms for threads in native code; stopped, they let the JVM end at once. This runs after the
     * application's hooks, which may have stopped them already (a Spring context stops its web server): those
     * are left as they are. Past the deadline a request may still run and a stop would wait for it: then nothing
     * is stopped and they are left to the JVM's exit.
     */
    public static int stopWhenDrained(InFlight requests, List<Object> stoppables)
            throws ReflectiveOperationException {
        if (requests.count() > 0) {
            return 0;
        }
        int stopped = 0;
        for (Object stoppable : stoppables) {
            if (isRunning(stoppable)) {
                Reflection.call(stoppable, "stop");
                stopped++;
            }
        }
        return stopped;
    }

    /** Jetty's {@code isRunning()}, Tomcat's lifecycle state; a server that tells neither counts as running. */
    private static boolean isRunning(Object stoppable) throws ReflectiveOperationException {
        if (Reflection.has(stoppable, "isRunning", 0)) {
            return (Boolean) Reflection.call(stoppable, "isRunning");
        }
        if (Reflection.has(stoppable, "getState", 0)) {
            return (Boolean) Reflection.call(Reflection.call(stoppable, "getState"), "isAvailable");
        }
        return true;
    }
}
