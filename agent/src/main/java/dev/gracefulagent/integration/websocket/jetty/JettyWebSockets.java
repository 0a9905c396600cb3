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
 * Jetty's websocket-core (Jetty 10, 11 and 12), which carries both of Jetty's WebSocket APIs: JSR-356
 * ({@code javax.websocket} on 10, {@code jakarta.websocket} on 11 and 12's ee10 and later) and Jetty's own API sit
 * on {@code WebSocketCoreSession}. Its {@code onOpen} and private {@code closeConnection} (every way a session ends
 * goes through it) bracket a session. Every received frame enters {@code onFrame} with the connection's
 * completion callback, which the application's message handler completes once it is done with the frame: a data
 * frame is in flight from the one to the other. Jetty 12 made the package of the session and the connection
 * public; the classes and their methods are otherwise the same.
 */
public final class JettyWebSockets implements SessionControl {
    private static final String CALLBACK_DESC = "Lorg/eclipse/jetty/util/Callback;";

    private final String sessionClass;
    /** The callback {@code WebSocketConnection.onFrame} hands along with each parsed frame. */
    private final String frameCallback;

    private JettyWebSockets(String sessionPackage) {
        this.sessionClass = sessionPackage + "WebSocketCoreSession";
        this.frameCallback = sessionPackage + "WebSocketConnection$1";
    }

    /** Jetty 12. */
    public static JettyWebSockets jetty12() {
        return new JettyWebSockets("org.eclipse.jetty.websocket.core.");
    }

    /** Jetty 10 and 11. */
    public static JettyWebSockets jetty10And11() {
        return new JettyWebSockets("org.eclipse.jetty.websocket.core.internal.");
    }

    @Override
    public void install(Instrumenter instrumenter, String integration, final Sessions sessions) {
        instrumenter.hook(integration, HookPoint.atEntry(sessionClass, "onOpen", "()V"),
                SessionHooks.opened(sessions, SessionHooks.RECEIVER));
        instrumenter.hook(integration, HookPoint.atEntry(sessionClass, "closeConnection",
                "(Lorg/eclipse/jetty/websocket/core/CloseStatus;" + CALLBACK_DESC + ")V"),
                SessionHooks.closed(sessions, SessionHooks.RECEIVER));
        instrumenter.hook(integration, HookPoint.atEntry(sessionClass, "onFrame",
                "(Lorg/eclipse/jetty/websocket/core/Frame;" + CALLBACK_DESC + ")V", 0, 1), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object session, Object frame, Object callback, Object c) {
                        // only data frames whose completion the hooks below see are counted
                        if (callback != null && frameCallback.equals(callback.getClass().getName())
                                && Boolean.TRUE.equals(MethodChain.IS_DATA_FRAME.call(frame))) {
                            sessions.messageBegins(session, callback);
                        }
                        return false;
                    }
                });
        Bridge.Hook frameDone = SessionHooks.messageEnds(sessions, SessionHooks.RECEIVER);
        instrumenter.hook(integration, HookPoint.atEntry(frameCallback, "succeeded", "()V"), frameDone);
        instrumenter.hook(integration, HookPoint.atEntry(frameCallback, "failed", "(Ljava/lang/Throwable;)V"),
                frameDone);
    }

    @Override
    public String handlerFrame() {
        return sessionClass + ".onFrame";
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
