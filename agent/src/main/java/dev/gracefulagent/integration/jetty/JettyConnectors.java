package dev.gracefulagent.integration.jetty;

import dev.gracefulagent.integration.Reflection;
import java.util.ArrayList;
import java.util.Collection;

/** Connector-level steps of stopping intake: close the listener, close idle connections. */
final class JettyConnectors {
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

    /** Closes HTTP/1 connections with no request in progress and no bytes of one received. */
    static int closeIdle(Object connector) throws ReflectiveOperationException {
        Object endPoints = Reflection.callIfPresent(connector, "getConnectedEndPoints");
        if (!(endPoints instanceof Collection)) {
            return 0;
        }
        int closed = 0;
        for (Object endPoint : new ArrayList<Object>((Collection<?>) endPoints)) {
            Object connection = Reflection.call(endPoint, "getConnection");
            if (isIdleHttp1(connection)) {
                Reflection.call(endPoint, "close");
                closed++;
            }
        }
        return closed;
    }

    private static boolean isIdleHttp1(Object connection) throws ReflectiveOperationException {
        if (!Reflection.has(connection, "getParser", 0) || !Reflection.has(connection, "getHttpChannel", 0)) {
            return false;
        }
        Object channel = Reflection.call(connection, "getHttpChannel");
        Object parser = Reflection.call(connection, "getParser");
        return Reflection.call(channel, "getRequest") == null
                && Boolean.TRUE.equals(Reflection.call(parser, "isStart"))
                && Boolean.TRUE.equals(Reflection.callIfPresent(connection, "isRequestBufferEmpty"));
    }
}
