package dev.gracefulagent.testbed.common;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The clock behind /ws/ticker, whatever the WebSocket API: once a second every subscribed session gets
 * "tick N", from one daemon thread. A session that cannot be sent to any more is dropped.
 */
public final class Ticker<S> {
    private final Set<S> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong ticks = new AtomicLong();
    private final BiConsumer<S, String> send;

    public Ticker(BiConsumer<S, String> send) {
        this.send = send;
        Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ticker");
            thread.setDaemon(true);
            return thread;
        }).scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    public void add(S session) {
        sessions.add(session);
    }

    public void remove(S session) {
        sessions.remove(session);
    }

    private void tick() {
        String text = "tick " + ticks.incrementAndGet();
        for (S session : sessions) {
            try {
                send.accept(session, text);
            } catch (RuntimeException e) {
                sessions.remove(session);
            }
        }
    }
}
