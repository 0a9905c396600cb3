package dev.gracefulagent.integration.jetty;

import dev.gracefulagent.integration.Reflection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Connector-level steps of stopping intake, the same in every Jetty line: close the listener, the idle connections. */
public final class JettyConnectors {
    /** Whether an HTTP/1 connection has no request in progress: how to tell differs between Jetty lines. */
    public interface IdleTest {
        /** False for a connection that is not HTTP/1 (HTTP/2, WebSocket), or has a request in progress. */
        boolean awaitsRequest(Object connection) throws ReflectiveOperationException;
    }

    private JettyConnectors() {
    }

    /**
     * Jetty's own graceful connector shutdown: the listening socket closes and from now on every response says
     * {@code Connection: close}. Jetty would also cut the idle timeout of busy connections to one second, which
     * could time out a slow request in flight, so the idle timeout is kept as it is.
     */
    static int shutDown(Object connector) throws ReflectiveOperationException {
        if (!Reflection.has(connector, "shutdown", 0)) {
            return 0;
        }
        Object idleTimeout = Reflection.callIfPresent(connector, "getIdleTimeout");
        if (idleTimeout != null && Reflection.has(connector, "setShutdownIdleTimeout", 1)) {
            Reflection.call(connector, "setShutdownIdleTimeout", idleTimeout);
        }
        Reflection.call(connector, "shutdown");
        return 1;
    }

    /**
     * The HTTP/1 connections with no request in progress: how many, counting those that received the first bytes
     * of one; with {@code close}, only those with nothing received, closed first.
     */
    static int idle(Object connector, IdleTest idle, boolean close) throws ReflectiveOperationException {
        int found = 0;
        for (Object endPoint : endPoints(connector)) {
            Object connection = connectionOf(endPoint);
            if (connection != null && idle.awaitsRequest(connection) && (!close || nothingReceived(connection))) {
                if (close) {
                    Reflection.call(endPoint, "close");
                }
                found++;
            }
        }
        return found;
    }

    /** The connections the connector has taken in, whatever they carry. */
    static int connections(Object connector) throws ReflectiveOperationException {
        return endPoints(connector).size();
    }

    /**
     * HTTP/2: each session's own graceful close ({@code Session.close(NO_ERROR, ...)}) sends a GOAWAY naming the
     * last stream it took, leaves streams opened after it unprocessed, and closes the connection once its streams
     * are done; an idle session closes at once. Jetty's connector shutdown leaves sessions alone, and Jetty 12's
     * {@code HTTP2Session.shutdown()} names no stream until its streams are done: without this a session would
     * take new streams until the server stops.
     */
    static int goAway(Object connector) throws ReflectiveOperationException {
        int sessions = 0;
        for (Object endPoint : endPoints(connector)) {
            Object connection = connectionOf(endPoint);
            Object session = connection == null ? null : Reflection.callIfPresent(connection, "getSession");
            if (session != null && Reflection.has(session, "close", 3)) {
                Object noop = Class.forName("org.eclipse.jetty.util.Callback", false,
                        session.getClass().getClassLoader()).getField("NOOP").get(null);
                Reflection.call(session, "close", 0, "shutdown", noop);
                sessions++;
            }
        }
        return sessions;
    }

    /** The end points of the connector's open connections. */
    private static List<Object> endPoints(Object connector) throws ReflectiveOperationException {
        Object endPoints = Reflection.callIfPresent(connector, "getConnectedEndPoints");
        return endPoints instanceof Collection ? new ArrayList<Object>((Collection<?>) endPoints)
                : Collections.emptyList();
    }

    /** The connection speaking HTTP on an end point: under TLS, the one on the decrypted end point. */
    private static Object connectionOf(Object endPoint) throws ReflectiveOperationException {
        Object connection = Reflection.call(endPoint, "getConnection");
        Object decrypted = connection == null ? null : Reflection.callIfPresent(connection, "getSslEndPoint");
        if (decrypted == null && connection != null) {
            decrypted = Reflection.callIfPresent(connection, "getDecryptedEndPoint"); // Jetty 9.4
        }
        return decrypted == null ? connection : Reflection.call(decrypted, "getConnection");
    }

    /** The HTTP/1 parser waits for the start of a request and no byte of one is buffered. */
    public static boolean nothingReceived(Object http1Connection) throws ReflectiveOperationException {
        Object parser = Reflection.call(http1Connection, "getParser");
        return Boolean.TRUE.equals(Reflection.call(parser, "isStart"))
                && Boolean.TRUE.equals(Reflection.callIfPresent(http1Connection, "isRequestBufferEmpty"));
    }
}
