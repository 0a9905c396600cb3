package dev.gracefulagent.integration.websocket.undertow;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.websocket.SessionControl;
import dev.gracefulagent.integration.websocket.SessionHooks;
import dev.gracefulagent.integration.websocket.Sessions;
import java.net.URI;
import java.util.concurrent.Executor;

/**
 * Undertow's core WebSocket API ({@code io.undertow.websockets.core}). Each {@code WebSocketChannel} adds its
 * own close task while it is built and that task runs when the channel closes: the two bracket a session.
 * Received messages are handled on the channel's I/O thread, so the close is queued on that thread: it goes out
 * after the handler that runs now has returned, and before anything later. Handlers an application moves to
 * other threads are its own asynchronous work, not seen here.
 */
public final class UndertowWebSockets implements SessionControl {
    private static final String CHANNEL = "io.undertow.websockets.core.WebSocketChannel";
    /** The close task the channel's constructor adds. */
    private static final String CLOSE_TASK = CHANNEL + "$1";

    @Override
    public void install(Instrumenter instrumenter, String integration, final Sessions sessions) {
        instrumenter.hook(integration, HookPoint.atEntry("io.undertow.server.protocol.framed.AbstractFramedChannel",
                "addCloseTask", "(Lorg/xnio/ChannelListener;)V", 0), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object channel, Object task, Object b, Object c) {
                        if (task != null && CLOSE_TASK.equals(task.getClass().getName())) {
                            sessions.opened(channel);
                        }
                        return false;
                    }
                });
        instrumenter.hook(integration, HookPoint.atEntry(CLOSE_TASK, "handleEvent", "(L" + CHANNEL.replace('.', '/')
                + ";)V", 0), SessionHooks.closed(sessions, SessionHooks.PICKED_ARGUMENT));
    }

    @Override
    public String handlerFrame() {
        return "io.undertow.websockets.core.AbstractReceiveListener.handleEvent";
    }

    @Override
    public void close(Object channel, int code, String reason) throws Exception {
        ((Executor) Reflection.call(channel, "getIoThread")).execute(new SendClose(channel, code, reason));
    }

    @Override
    public String path(Object channel) throws Exception {
        return URI.create((String) Reflection.call(channel, "getUrl")).getPath();
    }

    /** {@code WebSockets.sendClose(code, reason, channel, null)} on the channel's I/O thread. */
    private static final class SendClose implements Runnable {
        private final Object channel;
        private final int code;
        private final String reason;

        SendClose(Object channel, int code, String reason) {
            this.channel = channel;
            this.code = code;
            this.reason = reason;
        }

        @Override
        public void run() {
            try {
                ClassLoader loader = channel.getClass().getClassLoader();
                Class<?> callback = Class.forName("io.undertow.websockets.core.WebSocketCallback", false, loader);
                Class.forName("io.undertow.websockets.core.WebSockets", false, loader)
                        .getMethod("sendClose", int.class, String.class, Class.forName(CHANNEL, false, loader),
                                callback)
                        .invoke(null, code, reason, channel, null);
            } catch (Throwable t) {
                closeAbruptly();
            }
        }

        /** The close frame cannot go out: the connection closes without it, and the drain stops waiting. */
        private void closeAbruptly() {
            try {
                Reflection.call(channel, "close");
            } catch (Throwable ignored) {
                // nothing more can be done for this connection
            }
        }
    }
}
