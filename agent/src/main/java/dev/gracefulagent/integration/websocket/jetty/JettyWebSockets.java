package dev.gracefulagent.integration.websocket.jetty;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.websocket.SessionControl;
import dev.gracefulagent.integration.websocket.SessionHooks;
import dev.gracefulagent.integration.websocket.Sessions;
import java.net.URI;

/**
 * Jetty 12's websocket-core, which carries both of Jetty's WebSocket APIs: JSR-356 (ee10 and later
 * {@code jakarta.websocket}) and Jetty's own API sit on {@code WebSocketCoreSession}. Its {@code onOpen} and
 * private {@code closeConnection} (every way a session ends goes through it) bracket a session. Every received
 * frame enters {@code onFrame} with the connection's completion callback, which the application's message
 * handler completes once it is done with the frame: a data frame is in flight from the one to the other.
 */
public final class JettyWebSockets implements SessionControl {
    private static final String SESSION = "org.eclipse.jetty.websocket.core.WebSocketCoreSession";
    /** The callback {@code WebSocketConnection.onFrame} hands along with each parsed frame. */
    private static final String FRAME_CALLBACK = "org.eclipse.jetty.websocket.core.WebSocketConnection$1";
    private static final String CALLBACK_DESC = "Lorg/eclipse/jetty/util/Callback;";

    @Override
    public void install(Instrumenter instrumenter, String integration, final Sessions sessions) {
        instrumenter.hook(integration, HookPoint.atEntry(SESSION, "onOpen", "()V"),
                SessionHooks.opened(sessions, SessionHooks.RECEIVER));
        instrumenter.hook(integration, HookPoint.atEntry(SESSION, "closeConnection",
                "(Lorg/eclipse/jetty/websocket/core/CloseStatus;" + CALLBACK_DESC + ")V"),
                SessionHooks.closed(sessions, SessionHooks.RECEIVER));
        instrumenter.hook(integration, HookPoint.atEntry(SESSION, "onFrame",
                "(Lorg/eclipse/jetty/websocket/core/Frame;" + CALLBACK_DESC + ")V", 0, 1), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object session, Object frame, Object callback, Object c) {
                        // only data frames whose completion the hooks below see are counted
                        if (callback != null && FRAME_CALLBACK.equals(callback.getClass().getName())
                                && JettyFrames.isData(frame)) {
                            sessions.messageBegins(session, callback);
                        }
                        return false;
                    }
                });
        Bridge.Hook frameDone = SessionHooks.messageEnds(sessions, SessionHooks.RECEIVER);
        instrumenter.hook(integration, HookPoint.atEntry(FRAME_CALLBACK, "succeeded", "()V"), frameDone);
        instrumenter.hook(integration, HookPoint.atEntry(FRAME_CALLBACK, "failed", "(Ljava/lang/Throwable;)V"),
                frameDone);
    }

    @Override
    public String handlerFrame() {
        return SESSION + ".onFrame";
    }

    @Override
    public void close(Object session, int code, String reason) throws Exception {
        Class<?> callback = Class.forName("org.eclipse.jetty.util.Callback", false,
                session.getClass().getClassLoader());
        Reflection.call(session, "close", code, reason, callback.getField("NOOP").get(null));
    }

    @Override
    public String path(Object session) throws Exception {
        return ((URI) Reflection.call(session, "getRequestURI")).getPath();
    }
}
