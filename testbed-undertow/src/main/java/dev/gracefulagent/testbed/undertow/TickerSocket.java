package dev.gracefulagent.testbed.undertow;

import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** /ws/ticker through Undertow's core WebSocket API: every open session gets "tick N" once a second. */
final class TickerSocket implements WebSocketConnectionCallback {
    private final Set<WebSocketChannel> channels = ConcurrentHashMap.newKeySet();
    private final AtomicLong ticks = new AtomicLong();

    TickerSocket() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ticker");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        channels.add(channel);
        channel.addCloseTask(channels::remove);
        // the default listener answers the client's close frame
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
        });
        channel.resumeReceives();
    }

    private void tick() {
        String text = "tick " + ticks.incrementAndGet();
        for (WebSocketChannel channel : channels) {
            WebSockets.sendText(text, channel, null);
        }
    }
}
