package dev.gracefulagent.integration.websocket.jetty.v94;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.websocket.SessionControl;
import dev.gracefulagent.integration.websocket.SessionHooks;
import dev.gracefulagent.integration.websocket.Sessions;
import dev.gracefulagent.integration.websocket.jetty.MethodChain;
import java.net.URI;

/**
 * Jetty 9.4's WebSocket implementation, before websocket-core: Jetty's own API and JSR-356 ({@code JsrSession},
 * {@code javax.websocket}) share {@code WebSocketSession}, each session with its event driver and its connection.
 * The hooks sit on classes only 9.4 has (Jetty 10 and 11 have a {@code WebSocketSession} of that name too, a
 * different one):
 * <ul>
 *   <li>a session opens when its event driver is given it ({@code AbstractEventDriver.openSession}) and ends when
 *       its connection disconnects ({@code AbstractWebSocketConnection.disconnect}), which every way a session ends
 *       reaches: the close handshake, a connection lost, an idle timeout, a failure;</li>
 *   <li>each parsed frame enters the event driver's {@code incomingFrame} on the connection's reading thread,
 *       which runs the application's handler for a data frame before it returns (it catches every failure): one
 *       delivery per session at a time, from the entry to the return, the driver its token.</li>
 * </ul>
 */
public final class Jetty94WebSockets implements SessionControl {
    private static final String DRIVER = "org.eclipse.jetty.websocket.common.events.AbstractEventDriver";
    private static final String CONNECTION = "org.eclipse.jetty.websocket.common.io.AbstractWebSocketConnection";
    private static final String INCOMING_FRAME = "(Lorg/eclipse/jetty/websocket/api/extensions/Frame;)V";
    private static final MethodChain IS_DATA_FRAME = new MethodChain(
            "org.eclipse.jetty.websocket.api.extensions.Frame", "getType", "isData");
    private static final MethodChain SESSION_OF_DRIVER = new MethodChain(DRIVER, "getSession");

    @Override
    public void install(Instrumenter instrumenter, String integration, final Sessions sessions) {
        instrumenter.hook(integration, HookPoint.atEntry(DRIVER, "openSession",
                "(Lorg/eclipse/jetty/websocket/common/WebSocketSession;)V", 0),
                SessionHooks.opened(sessions, SessionHooks.PICKED_ARGUMENT));
        instrumenter.hook(integration, HookPoint.atEntry(CONNECTION, "disconnect", "()V"), new Bridge.Hook() {
            @Override
            public boolean enter(Object connection, Object a, Object b, Object c) {
                Object session = sessionOf(connection);
                if (session != null) {
                    sessions.closed(session);
                }
                return false;
            }
        });
        instrumenter.hook(integration, HookPoint.atEntry(DRIVER, "incomingFrame", INCOMING_FRAME, 0),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object driver, Object frame, Object b, Object c) {
                        if (frame != null && Boolean.TRUE.equals(IS_DATA_FRAME.call(frame))) {
                            sessions.messageBegins(SESSION_OF_DRIVER.call(driver), driver);
                        }
                        return false;
                    }
                });
        instrumenter.hook(integration, HookPoint.atReturn(DRIVER, "incomingFrame", INCOMING_FRAME),
                SessionHooks.messageEnds(sessions, SessionHooks.RECEIVER));
    }

    @Override
    public String handlerFrame() {
        return DRIVER + ".incomingFrame";
    }

    /** {@code WebSocketSession.close(int, String)}: Jetty's API, which {@code JsrSession} inherits. */
    @Override
    public void close(Object session, int code, String reason) throws Exception {
        Reflection.call(session, "close", code, reason);
    }

    @Override
    public String path(Object session) throws Exception {
        return ((URI) Reflection.call(session, "getRequestURI")).getPath();
    }

    /** The connection's session, which it keeps to itself (it is set once, before the session opens). */
    private static Object sessionOf(Object connection) {
        try {
            return Reflection.field(connection, "session");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unsupported Jetty 9.4 version: " + e, e);
        }
    }
}
