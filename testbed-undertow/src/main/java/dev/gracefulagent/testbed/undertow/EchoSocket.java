package dev.gracefulagent.testbed.undertow;

import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * /ws/echo through Undertow's core WebSocket API: echoes each text message. With {@code ?ms=N} on the upgrade
 * request the handler first works N ms, on the connection's I/O thread as Undertow runs it.
 */
final class EchoSocket implements WebSocketConnectionCallback {
    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        List<String> ms = exchange.getRequestParameters().get("ms");
        long workMillis = ms == null ? 0 : Long.parseLong(ms.get(0));
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullTextMessage(WebSocketChannel socket, BufferedTextMessage message) throws IOException {
                try {
                    Thread.sleep(workMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
                WebSockets.sendText(message.getData(), socket, null);
            }
        });
        channel.resumeReceives();
    }
}
