package dev.gracefulagent.integration.netty;

import dev.gracefulagent.log.Log;
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

    void add(Connection connection) {
        open.add(connection);
    }

    void remove(Connection connection) {
        open.remove(connection);
    }

    /**
     * The connections with no request in flight and no byte of the next one read: how many, closed when
     * {@code close}. Each check and close runs on the connection's event loop, where Netty decodes, so it cannot
     * race with a request arriving; a connection whose request head is partly read stays open, and its request
     * is served once complete.
     */
    int idle(final boolean close) throws InterruptedException {
        List<Connection> connections = new ArrayList<>(open);
        final CountDownLatch checked = new CountDownLatch(connections.size());
        final AtomicInteger idle = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        for (final Connection connection : connections) {
            Runnable check = new Runnable() {
                @Override
                public void run() {
                    try {
                        if (connection.isIdle()) {
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
}
