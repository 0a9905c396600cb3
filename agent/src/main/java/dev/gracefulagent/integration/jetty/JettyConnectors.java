package dev.gracefulagent.integration.jetty;

import dev.gracefulagent.integration.Reflection;
import java.util.ArrayList;
import java.util.Collection;

/** Connector-level steps of stopping intake, the same in every Jetty line: close the listener, the idle connections. */
public final class JettyConnectors {
    /** Whether a connection is idle: how to tell differs between Jetty lines. */
    public interface IdleTest {
        boolean isIdle(Object connection) throws ReflectiveOperationException;
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

    /** The connections {@code idle} tells are idle: how many, closed first when {@code close}. */
    static int idle(Object connector, IdleTest idle, boolean close) throws ReflectiveOperationException {
        Object endPoints = Reflection.callIfPresent(connector, "getConnectedEndPoints");
        if (!(endPoints instanceof Collection)) {
            return 0;
        }
        int found = 0;
        for (Object endPoint : new ArrayList<Object>((Collection<?>) endPoints)) {
            Object connection = Reflection.call(endPoint, "getConnection");
            if (connection != null && idle.isIdle(connection)) {
                if (close) {
                    Reflection.call(endPoint, "close");
                }
                found++;
            }
        }
        return found;
    }

    /** The HTTP/1 parser waits for the start of a request and no byte of one is buffered. */
    public static boolean nothingReceived(Object http1Connection) throws ReflectiveOperationException {
        Object parser = Reflection.call(http1Connection, "getParser");
        return Boolean.TRUE.equals(Reflection.call(parser, "isStart"))
                && Boolean.TRUE.equals(Reflection.callIfPresent(http1Connection, "isRequestBufferEmpty"));
    }
}
