package dev.gracefulagent.integration.undertow;

import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.log.Log;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * Listener-level steps of stopping intake: close the listening channels, close the HTTP/1 connections that sit
 * between two requests. Undertow keeps both to itself (no public accessor), so they are read from its fields;
 * a version without them is reported and left alone.
 */
final class UndertowListeners {
    private static final Logger LOG = Log.get(UndertowListeners.class);
    static final String HTTP_OPEN_LISTENER = "io.undertow.server.protocol.http.HttpOpenListener";
    private static final String ALPN_OPEN_LISTENER = "io.undertow.server.protocol.http.AlpnOpenListener";
    /** How long stop intake waits for the I/O threads to look at their connections. */
    private static final long IDLE_CHECK_WAIT_MILLIS = 2000;

    private UndertowListeners() {
    }

    /** The listening channels of a started {@code io.undertow.Undertow}. */
    static Collection<?> channels(Object undertow) throws ReflectiveOperationException {
        synchronized (undertow) { // Undertow.start and stop hold this lock while they set the channels
            return collection(Reflection.field(undertow, "channels"));
        }
    }

    /**
     * The HTTP/1 open listeners of a started {@code io.undertow.Undertow}, which hold its HTTP/1 connections: a
     * listener's own, or the one an HTTPS listener with HTTP/2 hands the connections that chose HTTP/1.1.
     */
    static List<Object> openListeners(Object undertow) throws ReflectiveOperationException {
        List<Object> found = new ArrayList<>();
        for (Object openListener : connectionHolders(undertow)) {
            if (HTTP_OPEN_LISTENER.equals(openListener.getClass().getName())) {
                found.add(openListener);
            }
        }
        return found;
    }

    /**
     * The connections the open listeners of a started {@code io.undertow.Undertow} hold, whatever they carry: an
     * HTTP/1 connection upgraded (WebSocket, h2c) stays with its listener until it closes. Those accepted and not
     * yet handed to one (its TLS handshake, ALPN or PROXY header under way) are not among them. Throws when a
     * listener keeps no such set: a count missing some would take them all for arriving.
     */
    static int connections(Object undertow) throws ReflectiveOperationException {
        int found = 0;
        for (Object openListener : connectionHolders(undertow)) {
            found += ((Collection<?>) Reflection.field(openListener, "connections")).size();
        }
        return found;
    }

    /**
     * The open listeners that keep the connections of a started {@code io.undertow.Undertow} (HTTP/1, HTTP/2, AJP,
     * each in its {@code connections} field): each listener's own, or for an HTTPS listener with HTTP/2 the ones
     * its ALPN listener hands the connections to once the protocol is chosen.
     */
    private static List<Object> connectionHolders(Object undertow) throws ReflectiveOperationException {
        List<Object> found = new ArrayList<>();
        for (Object info : collection(Reflection.field(undertow, "listenerInfo"))) {
            Object openListener = Reflection.field(info, "openListener");
            if (openListener == null) {
                continue;
            }
            if (ALPN_OPEN_LISTENER.equals(openListener.getClass().getName())) {
                Map<?, ?> byProtocol = (Map<?, ?>) Reflection.field(openListener, "listeners");
                Set<Object> delegates = Collections.newSetFromMap(new IdentityHashMap<Object, Boolean>());
                for (Object entry : byProtocol.values()) { // HTTP/2 listed under two names
                    delegates.add(Reflection.field(entry, "listener"));
                }
                found.addAll(delegates);
            } else {
                found.add(openListener);
            }
        }
        return found;
    }

    /**
     * Closes listening channels, as {@code Undertow.stop()} does, but leaves the XNIO worker running: new
     * connections are refused while accepted ones are served to the end.
     */
    static int closeListening(Collection<?> channels) throws IOException {
        for (Object channel : channels) {
            ((Closeable) channel).close();
        }
        return channels.size();
    }

    /**
     * The HTTP/1 connections with no request running: how many, counting those that received part of the next
     * one's head; with {@code close}, only those with no byte of it received, closed first. An upgraded connection
     * (WebSocket, h2c) keeps the request that upgraded it running, so it is never counted here. The check and the
     * close run on each connection's own I/O thread, where Undertow parses requests, so they cannot race with a
     * request head arriving; a connection whose head is partly read stays open and its request is served once
     * complete.
     */
    static int idleConnections(Collection<?> openListeners, boolean close)
            throws ReflectiveOperationException, InterruptedException {
        List<Object> connections = new ArrayList<>();
        for (Object openListener : openListeners) {
            connections.addAll(collection(Reflection.field(openListener, "connections")));
        }
        CloseIfIdle.Outcome outcome = new CloseIfIdle.Outcome(connections.size());
        for (Object connection : connections) {
            Executor ioThread = (Executor) Reflection.call(connection, "getIoThread");
            ioThread.execute(new CloseIfIdle(connection, close, outcome));
        }
        if (!outcome.checked.await(IDLE_CHECK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            LOG.warn("{} connection(s) not checked for idleness within {} ms", outcome.checked.getCount(),
                    IDLE_CHECK_WAIT_MILLIS);
        }
        Throwable failure = outcome.failure.get();
        if (failure != null) {
            LOG.warn("could not check or close idle connections of this Undertow version: {}", failure.toString());
        }
        return outcome.idle.get();
    }

    private static Collection<?> collection(Object value) {
        return value instanceof Collection ? new ArrayList<Object>((Collection<?>) value) : Collections.emptyList();
    }

    /** Runs on the connection's I/O thread. */
    private static final class CloseIfIdle implements Runnable {
        /** What the checks of all connections came to; the first failure stands for all of them. */
        static final class Outcome {
            final AtomicInteger idle = new AtomicInteger();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final CountDownLatch checked;

            Outcome(int connections) {
                checked = new CountDownLatch(connections);
            }
        }

        private final Object connection;
        private final boolean close;
        private final Outcome outcome;

        CloseIfIdle(Object connection, boolean close, Outcome outcome) {
            this.connection = connection;
            this.close = close;
            this.outcome = outcome;
        }

        @Override
        public void run() {
            try {
                if (awaitsRequest() && (!close || nothingReceived())) {
                    if (close) {
                        ((Closeable) connection).close();
                    }
                    outcome.idle.incrementAndGet();
                }
            } catch (ReflectiveOperationException | IOException | RuntimeException e) {
                outcome.failure.compareAndSet(null, e);
            } finally {
                outcome.checked.countDown();
            }
        }

        /**
         * No request running ({@code requestState} 0): Undertow sets it when a request's head is complete and
         * resets it only when the connection waits for the next one, never after an upgrade or HTTP/2 prior
         * knowledge took the connection over.
         */
        private boolean awaitsRequest() throws ReflectiveOperationException {
            Object reader = Reflection.field(connection, "readListener");
            return reader != null && Integer.valueOf(0).equals(Reflection.field(reader, "requestState"));
        }

        /** No byte of the next request parsed (the parser's exchange is made at the first) or buffered. */
        private boolean nothingReceived() throws ReflectiveOperationException {
            return Reflection.field(Reflection.field(connection, "readListener"), "httpServerExchange") == null
                    && Reflection.call(connection, "getExtraBytes") == null;
        }
    }
}
