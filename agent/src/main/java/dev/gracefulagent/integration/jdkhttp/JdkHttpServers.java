package dev.gracefulagent.integration.jdkhttp;

import dev.gracefulagent.health.HealthEndpoint;
import dev.gracefulagent.integration.Reflection;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What stopping intake does to a {@code sun.net.httpserver.ServerImpl}, through its own fields (opened to the
 * agent at start-up) and the public {@code HttpServer} API.
 */
final class JdkHttpServers {
    private JdkHttpServers() {
    }

    /** The health endpoint's {@code ServerImpl}, or null when the agent serves none. */
    static Object healthEndpoint() {
        Object health = HealthEndpoint.running();
        if (health == null) {
            return null;
        }
        try {
            return Reflection.field(health, "server");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Closes the listening channel as {@code HttpServer.stop} does first, without the rest of it (which would
     * close every connection once its wait is over): new connections are refused, the dispatcher keeps serving.
     */
    static int closeListener(Object server) throws ReflectiveOperationException {
        Object channel = Reflection.field(server, "schan");
        if (!(channel instanceof Closeable)) {
            return 0;
        }
        try {
            ((Closeable) channel).close();
        } catch (IOException e) {
            return 0;
        }
        ((Selector) Reflection.field(server, "selector")).wakeup();
        return 1;
    }

    /** Told of each open connection that holds a request the server has not begun to read. */
    interface Waiting {
        void request(Object connection);
    }

    /**
     * The connections that wait for a request: keep-alive ones after a response, and new ones that have not sent
     * a byte; how many, closed when {@code close}. A connection whose request bytes already arrived is left to
     * the server and told to {@code waiting}: without an executor the dispatcher runs one handler at a time and
     * reads the next request only afterwards. Like the server's own idle timer, whoever removes a connection from
     * its set owns it, so one the dispatcher has just begun to read is left alone.
     */
    static int idle(Object server, Waiting waiting, boolean close) throws ReflectiveOperationException, IOException {
        Collection<?> all = (Collection<?>) Reflection.field(server, "allConnections");
        int found = 0;
        for (String set : new String[] {"idleConnections", "newlyAcceptedConnections"}) {
            Collection<?> connections = (Collection<?>) Reflection.field(server, set);
            List<Object> candidates;
            synchronized (connections) {
                candidates = new ArrayList<Object>(connections);
            }
            for (Object connection : candidates) {
                if (bytesArrived(connection)) {
                    waiting.request(connection);
                } else if (!close) {
                    found++;
                } else if (connections.remove(connection)) {
                    all.remove(connection);
                    Method closeMethod = connection.getClass().getDeclaredMethod("close");
                    closeMethod.setAccessible(true);
                    closeMethod.invoke(connection);
                    found++;
                }
            }
        }
        return found;
    }

    private static boolean bytesArrived(Object connection) throws ReflectiveOperationException, IOException {
        SocketChannel channel = (SocketChannel) Reflection.field(connection, "chan");
        return channel != null && channel.socket().getInputStream().available() > 0;
    }

    /** {@code Connection: close} on a response about to be sent; the server then closes its connection after it. */
    static void closeAfterResponse(Object exchange) {
        try {
            Object context = Reflection.call(exchange, "getHttpContext");
            if (Reflection.call(context, "getServer") == HealthEndpoint.running()) {
                return;
            }
            Object headers = Reflection.call(exchange, "getResponseHeaders");
            Reflection.call(headers, "set", "Connection", "close");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code HttpServer.stop(0)}: closes the connections left and ends the dispatcher thread. */
    static void stop(Object server) throws ReflectiveOperationException {
        Reflection.call(Reflection.field(server, "wrapper"), "stop", 0);
    }
}
