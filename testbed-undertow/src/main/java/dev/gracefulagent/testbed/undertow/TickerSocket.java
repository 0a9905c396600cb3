package dev.gracefulagent.testbed.undertow;

import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.XnioExecutor;

/**
 * /ws/ticker through Undertow's core WebSocket API: every open session gets "tick N" once a second, from a
 * timer on its connection's I/O thread.
 */
final class TickerSocket implements WebSocketConnectionCallback {
    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        AtomicLong ticks = new AtomicLong();
        XnioExecutor.Key timer = channel.getIoThread().executeAtInterval(
                () -> WebSockets.sendText("tick " + ticks.incrementAndGet(), channel, null), 1, TimeUnit.SECONDS);
        channel.addCloseTask(closed -> timer.remove());
        // the default listener answers the client's close frame
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
        });
        channel.resumeReceives();
    }
}
