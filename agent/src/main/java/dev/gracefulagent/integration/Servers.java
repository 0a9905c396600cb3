package dev.gracefulagent.integration;

import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.InFlight;
import java.util.List;
import org.slf4j.Logger;

/**
 * What the container integrations share about the servers they find: the stop intake line, and stopping them
 * after the drain.
 */
public final class Servers {
    private static final Logger LOG = Log.get(Servers.class);

    /** What stopping one server's intake closed. */
    public static final class Closed {
        public int listeners;
        public int idleConnections;
        /** HTTP/2 connections sent a GOAWAY. */
        public int goAways;
    }

    /** Stops one server's intake: closes its listeners and idle connections, and adds them to {@code closed}. */
    public interface IntakeStep {
        void stop(Object server, Closed closed) throws Exception;
    }

    private Servers() {
    }

    /**
     * Runs {@code step} on each server, a server that fails logged and the others still stopped; the stop intake
     * line, or null when there is no server.
     */
    public static String stopIntake(List<Object> servers, IntakeStep step) {
        if (servers.isEmpty()) {
            return null;
        }
        Closed closed = new Closed();
        for (Object server : servers) {
            try {
                step.stop(server, closed);
            } catch (Exception e) {
                LOG.warn("could not stop intake of {}: {}", server, e.toString());
            }
        }
        return withGoAways(intakeStopped(closed.listeners, servers.size(), closed.idleConnections), closed.goAways);
    }

    /** The stop intake line, with ", GOAWAY to 2 HTTP/2 connection(s)" when there were any. */
    public static String withGoAways(String line, int goAways) {
        return goAways == 0 ? line : line + ", GOAWAY to " + goAways + " HTTP/2 connection(s)";
    }

    /** "closed 2 listener(s) on 1 server(s), 3 idle connection(s)", for the stop intake log line. */
    public static String intakeStopped(int listeners, int servers, int idleConnections) {
        return "closed " + listeners + " listener(s) on " + servers + " server(s), " + idleConnections
                + " idle connection(s)";
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
