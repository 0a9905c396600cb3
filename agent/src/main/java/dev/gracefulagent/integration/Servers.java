package dev.gracefulagent.integration;

/** What the container integrations share about the servers they find: the stop intake line. */
public final class Servers {
    private Servers() {
    }

    /** "closed 2 listener(s) on 1 server(s), 3 idle connection(s)", for the stop intake log line. */
    public static String intakeStopped(int listeners, int servers, int idleConnections) {
        return "closed " + listeners + " listener(s) on " + servers + " server(s), " + idleConnections
                + " idle connection(s)";
    }
}
