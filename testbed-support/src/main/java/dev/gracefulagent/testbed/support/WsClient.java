package dev.gracefulagent.testbed.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket session from the JDK's {@link java.net.http.WebSocket} client, recording what a real client
 * sees: the text messages, then how the session ended — the close code the server sent, or
 * {@link #ABNORMAL} (1006, as RFC 6455 names a connection lost without a close frame).
 */
public final class WsClient {
    public static final int ABNORMAL = 1006;

    private final List<String> messages = new ArrayList<>();
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();
    private final CompletableFuture<String> firstMessage = new CompletableFuture<>();
    private WebSocket socket;

    /** How the session ended, with the messages received before it. */
    public record Ending(int code, String reason, List<String> messagesBefore) {
    }

    private WsClient() {
    }

    /** Opens a session to {@code ws://127.0.0.1:port/path}; completes when the upgrade has succeeded. */
    public static CompletableFuture<WsClient> open(HttpClient http, int port, String path) {
        WsClient client = new WsClient();
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), client.new Listener())
                .thenApply(socket -> {
                    client.socket = socket;
                    return client;
                });
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The first message the server sent (an echo, a tick). */
    public String awaitFirstMessage(Duration timeout) throws Exception {
        return firstMessage.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public CompletableFuture<Ending> ending() {
        return ending;
    }

    private synchronized void received(String text) {
        messages.add(text);
        firstMessage.complete(text);
    }

    private synchronized void ended(int code, String reason) {
        ending.complete(new Ending(code, reason, new ArrayList<>(messages)));
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        /** Returning null lets the client answer the close at once: the close handshake completes. */
        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended(ABNORMAL, error.toString());
        }
    }
}
