package dev.gracefulagent.testbed.jetty9;

import java.io.IOException;
import java.util.List;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;

/**
 * /ws/jetty/echo through Jetty's own WebSocket API (the same annotations on 9.4, 10 and 11): echoes each text
 * message. With {@code ?ms=N} on the upgrade request the handler first works N ms, so a message can be in flight
 * when the signal comes.
 */
@WebSocket
public final class JettyEchoSocket {
    @OnWebSocketMessage
    public void onMessage(Session session, String message) throws IOException, InterruptedException {
        List<String> ms = session.getUpgradeRequest().getParameterMap().get("ms");
        if (ms != null) {
            Thread.sleep(Long.parseLong(ms.get(0)));
        }
        session.getRemote().sendString(message);
    }
}
