package dev.gracefulagent.core;

import dev.gracefulagent.config.Patterns;
import dev.gracefulagent.log.Log;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;

/**
 * Every listener is accounted for: at stop intake each one the JVM opened is the agent's own, infrastructure,
 * owned by an integration that stops it, or unowned. An unowned one is closed here, so new connections are
 * refused as for a supported server, and its connections are counted: the exit code can only be 0 when none
 * of them is still open at the end, since the agent cannot vouch for what ran on them.
 */
final class ListenerAccounting {
    private static final Logger LOG = Log.get(ListenerAccounting.class);
    /** Code that opens the agent's own listener (the health endpoint). */
    private static final String AGENT = "dev.gracefulagent.health.";
    /**
     * Listeners that serve the JVM's management or a cluster's membership and data migration rather than intake:
     * the application's own graceful leave needs them during its hooks.
     */
    private static final String[] INFRASTRUCTURE = {
        "sun.rmi.", "javax.management.", "com.sun.jmx.", "sun.management.", "jdk.management.",
        "org.apache.catalina.core.StandardServer", // Tomcat's shutdown port: `catalina.sh stop` talks to it
        "com.hazelcast.", "org.jgroups.", "org.infinispan.", "akka.", "org.apache.pekko.", "org.apache.ignite.",
    };
    /** Frames skipped when naming the class that opened a listener: the JDK and the transports under servers. */
    private static final String[] PLUMBING = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "io.netty.", "io.grpc.netty.shaded.io.netty.",
    };

    private final List<String> keepOpen;
    private final List<Listener> unowned = new ArrayList<>();

    /** {@code keepOpen}: ports or class-name patterns ({@code *} wildcard) of listeners to leave open. */
    ListenerAccounting(List<String> keepOpen) {
        this.keepOpen = keepOpen;
    }

    /**
     * Closes every open listener that is nobody's, then waits until every closed one (its owner's or the agent's)
     * takes no more connections; returns the stop intake line, or null when there was none.
     */
    String stopUnowned(List<Integration> acting, List<Listener> listeners) {
        List<String> kept = new ArrayList<>();
        for (Listener listener : listeners) {
            if (!listener.isOpen() || isAny(listener, AGENT) || isOwned(listener, acting)) {
                continue;
            }
            if (isAny(listener, INFRASTRUCTURE) || isKeptOpen(listener)) {
                kept.add(Integer.toString(listener.port()));
                continue;
            }
            unowned.add(listener);
            try {
                listener.close();
                LOG.warn("closed listener on port {} opened by {}: no integration knows it, so its connections"
                        + " are not drained by the agent", listener.port(), opener(listener));
            } catch (Exception e) {
                LOG.warn("could not close listener on port {} opened by {}: {}", listener.port(), opener(listener),
                        e.toString());
            }
        }
        awaitReleased(listeners);
        List<String> parts = new ArrayList<>();
        if (!unowned.isEmpty()) {
            parts.add("closed " + unowned.size() + " unowned listener(s)");
        }
        if (!kept.isEmpty()) {
            parts.add("left open infrastructure listener(s) on port " + String.join(", ", kept));
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    /**
     * What the agent cannot vouch for at the end: an unowned listener still open, or with connections still
     * open (or uncountable); e.g. "port 8080, opened by io.vertx.core.net.impl.TCPServerBase, 3 connections
     * open". Empty when the exit code may be 0.
     */
    List<String> notDrained() {
        List<String> problems = new ArrayList<>();
        for (Listener listener : unowned) {
            int open = listener.openConnections();
            String state = listener.isOpen() ? "still listening"
                    : open < 0 ? "its connections cannot be counted"
                    : open > 0 ? open + " connection(s) open" : null;
            if (state != null) {
                problems.add("port " + listener.port() + ", opened by " + opener(listener) + ", " + state);
            }
        }
        return problems;
    }

    private static void awaitReleased(List<Listener> listeners) {
        for (Listener listener : listeners) {
            if (!listener.isOpen()) {
                try {
                    listener.awaitReleased();
                } catch (Exception e) {
                    LOG.debug("could not see whether listener on port {} is released: {}", listener.port(),
                            e.toString());
                }
            }
        }
    }

    /**
     * Connections accepted on the listeners {@code integration} owns and not yet taken in by its servers (see
     * {@link Integration#connectionsAccountedFor}): 0 when it cannot tell, or a listener cannot count.
     */
    static int arriving(Integration integration, List<Listener> listeners) {
        int accountedFor = integration.connectionsAccountedFor();
        if (accountedFor < 0) {
            return 0;
        }
        int open = 0;
        for (Listener listener : listeners) {
            if (integration.ownsListener(listener)) {
                int connections = listener.openConnections();
                if (connections < 0) {
                    return 0;
                }
                open += connections;
            }
        }
        return Math.max(0, open - accountedFor);
    }

    private static boolean isOwned(Listener listener, List<Integration> acting) {
        for (Integration integration : acting) {
            if (integration.ownsListener(listener)) {
                return true;
            }
        }
        return false;
    }

    private boolean isKeptOpen(Listener listener) {
        for (String pattern : keepOpen) {
            if (pattern.equals(Integer.toString(listener.port()))) {
                return true;
            }
            for (String frame : listener.openingStack()) {
                if (Patterns.matches(pattern, frame)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isAny(Listener listener, String... prefixes) {
        return listener.wasOpenedByAny(Arrays.asList(prefixes));
    }

    /** The first class outside the JDK and the network transports: the server that opened the listener. */
    static String opener(Listener listener) {
        String fallback = null;
        for (String frame : listener.openingStack()) {
            if (!frame.startsWith("java.") && !frame.startsWith("sun.") && !frame.startsWith("jdk.")
                    && fallback == null) {
                fallback = frame;
            }
            if (!startsWithAny(frame, PLUMBING)) {
                return frame;
            }
        }
        return fallback != null ? fallback : "the JDK";
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
