package dev.gracefulagent.integration.websocket.tomcat;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.websocket.SessionControl;
import dev.gracefulagent.integration.websocket.SessionHooks;
import dev.gracefulagent.integration.websocket.Sessions;
import java.net.URI;

/**
 * Tomcat's JSR-356 implementation (9 with {@code javax.websocket}, 10.1 and 11 with {@code jakarta.websocket}):
 * every {@code WsSession} is registered with its container when it opens and ends in its private
 * {@code closeConnection}. A server connection's frames are read by its {@code WsFrameServer}, which hands each
 * message (or part of one) to the application in {@code sendMessageText}/{@code sendMessageBinary} and starts
 * the next frame in {@code newFrame} once the handler has returned: one delivery per frame reader at a time.
 */
public final class TomcatWebSockets implements SessionControl {
    private static final String SESSION = "org.apache.tomcat.websocket.WsSession";
    private static final String CONTAINER = "org.apache.tomcat.websocket.WsWebSocketContainer";
    private static final String FRAME = "org.apache.tomcat.websocket.WsFrameBase";
    private static final String SERVER_FRAME = "org.apache.tomcat.websocket.server.WsFrameServer";

    @Override
    public void install(Instrumenter instrumenter, String integration, final Sessions sessions) {
        instrumenter.hook(integration, HookPoint.atEntry(CONTAINER, "registerSession",
                "(Ljava/lang/Object;Lorg/apache/tomcat/websocket/WsSession;)V", 1),
                SessionHooks.opened(sessions, SessionHooks.PICKED_ARGUMENT));
        instrumenter.hook(integration, HookPoint.atEntry(SESSION, "closeConnection", "()V"),
                SessionHooks.closed(sessions, SessionHooks.RECEIVER));
        Bridge.Hook delivery = new Bridge.Hook() {
            @Override
            public boolean enter(Object frameReader, Object a, Object b, Object c) {
                sessions.messageBegins(TomcatFrames.session(frameReader), frameReader);
                return false;
            }
        };
        instrumenter.hook(integration, HookPoint.atEntry(SERVER_FRAME, "sendMessageText", "(Z)V"), delivery);
        instrumenter.hook(integration, HookPoint.atEntry(SERVER_FRAME, "sendMessageBinary",
                "(Ljava/nio/ByteBuffer;Z)V"), delivery);
        instrumenter.hook(integration, HookPoint.atEntry(FRAME, "newFrame", "()V"),
                SessionHooks.messageEnds(sessions, SessionHooks.RECEIVER));
    }

    @Override
    public String handlerFrame() {
        return FRAME + ".processInputBuffer";
    }

    /** {@code session.close(new CloseReason(CloseCodes.getCloseCode(code), reason))} in the session's API. */
    @Override
    public void close(Object session, int code, String reason) throws Exception {
        String api = websocketPackage(session.getClass());
        ClassLoader loader = session.getClass().getClassLoader();
        Class<?> closeReason = Class.forName(api + "CloseReason", false, loader);
        Class<?> closeCode = Class.forName(api + "CloseReason$CloseCode", false, loader);
        Object codeValue = Class.forName(api + "CloseReason$CloseCodes", false, loader)
                .getMethod("getCloseCode", int.class).invoke(null, code);
        Reflection.call(session, "close", closeReason.getConstructor(closeCode, String.class)
                .newInstance(codeValue, reason));
    }

    @Override
    public String path(Object session) throws Exception {
        return ((URI) Reflection.call(session, "getRequestURI")).getPath();
    }

    /** "jakarta.websocket." or "javax.websocket.": the package of the Session interface WsSession implements. */
    private static String websocketPackage(Class<?> sessionClass) {
        for (Class<?> type : sessionClass.getInterfaces()) {
            if (type.getName().endsWith(".websocket.Session")) {
                return type.getName().substring(0, type.getName().length() - "Session".length());
            }
        }
        throw new IllegalStateException(sessionClass + " implements no websocket Session interface");
    }
}
