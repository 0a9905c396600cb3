package dev.gracefulagent.integration.netty;

import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.DrainSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * The open HTTP/1 connections the agent has seen decode, each added once when its first bytes arrive and
 * removed when it closes, and the idle ones closed after the idle grace.
 */
final class Connections {
    private static final Logger LOG = Log.get(Connections.class);
    /** How long stop intake waits for the event loops to look at their connections. */
    private static final long IDLE_CHECK_WAIT_MILLIS = 2000;

    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** Told of every close: the idle grace may be waiting for that connection. */
    private volatile DrainSignal closes;

    void tellClosesTo(DrainSignal signal) {
        closes = signal;
    }

    void add(Connection connection) {
        open.add(connection);
    }

    void remove(Connection connection) {
        open.remove(connection);
        DrainSignal signal = closes;
        if (signal != null) {
            signal.connectionClosed();
        }
    }

    /**
     * The connections awaiting a request (see {@link Connection#awaitsRequest}): how many, counting those whose
     * request head is partly read; with {@code close}, only the idle ones, which have read no byte of it, closed
     * first. Each check and close runs on the connection's event loop, where Netty decodes, so it cannot race with
     * a request arriving; a connection whose request head is partly read stays open, and its request is served
     * once complete.
     */
    int idle(final boolean close) throws InterruptedException {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Connection> connections = stillHttp1(failure);
        final CountDownLatch checked = new CountDownLatch(connections.size());
        final AtomicInteger idle = new AtomicInteger();
        for (final Connection connection : connections) {
            Runnable check = new Runnable() {
                @Override
                public void run() {
                    try {
                        if (close ? connection.isIdle() : connection.awaitsRequest()) {
                            if (close) {
                                connection.api.close(connection.channel);
                            }
                            idle.incrementAndGet();
                        }
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        checked.countDown();
                    }
                }
            };
            try {
                connection.api.eventLoop(connection.channel).execute(check);
            } catch (RuntimeException e) { // an event loop already shut down
                failure.compareAndSet(null, e);
                checked.countDown();
            }
        }
        if (!checked.await(IDLE_CHECK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            LOG.warn("{} connection(s) not checked for idleness within {} ms", checked.getCount(),
                    IDLE_CHECK_WAIT_MILLIS);
        }
        if (failure.get() != null) {
            LOG.warn("could not check or close idle connections of this Netty version: {}", failure.get().toString());
        }
        return idle.get();
    }

    /** The open connections a server channel accepted, whatever they speak now. */
    int fromServers() {
        int found = 0;
        for (Connection connection : open) {
            if (connection.api.parent(connection.channel) != null) {
                found++;
            }
        }
        return found;
    }

    /**
     * The open connections that may be idle: an upgraded one (thousands of WebSocket sessions) is left out here
     * rather than checked on its event loop, where the check would queue behind the session's close frame and
     * hold stop intake for the whole wait.
     */
    private List<Connection> stillHttp1(AtomicReference<Throwable> failure) {
        List<Connection> connections = new ArrayList<>();
        for (Connection connection : open) {
            try {
                if (!connection.leftHttp1()) {
                    connections.add(connection);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                failure.compareAndSet(null, e);
                connections.add(connection); // checked on its event loop, which reports the failure once more
            }
        }
        return connections;
    }
}
