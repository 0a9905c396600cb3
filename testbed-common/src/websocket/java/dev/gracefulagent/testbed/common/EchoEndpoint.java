package dev.gracefulagent.testbed.common;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.List;

/**
 * /ws/echo through JSR-356 (jakarta.websocket; javax.websocket once the Tomcat 9 build has moved it): echoes
 * each text message. With {@code ?ms=N} on the upgrade request the handler first works N ms, so a message can be
 * in flight when the signal comes.
 */
@ServerEndpoint("/ws/echo")
public final class EchoEndpoint {
    @OnMessage
    public void onMessage(String message, Session session) throws IOException, InterruptedException {
        List<String> ms = session.getRequestParameterMap().get("ms");
        if (ms != null) {
            Thread.sleep(Long.parseLong(ms.get(0)));
        }
        session.getBasicRemote().sendText(message);
    }
}
