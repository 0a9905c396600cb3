package dev.gracefulagent.integration.websocket;

import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.netty.NettyWebSockets;
import dev.gracefulagent.integration.websocket.jetty.JettyWebSockets;
import dev.gracefulagent.integration.websocket.jetty.v94.Jetty94WebSockets;
import dev.gracefulagent.integration.websocket.tomcat.TomcatWebSockets;
import dev.gracefulagent.integration.websocket.undertow.UndertowWebSockets;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import java.util.ArrayList;
import java.util.List;

/**
 * WebSocket sessions of every supported container. Stopping intake sends each open session a close frame with
 * 1001 (going away) once its running message handler, if any, has returned; the drain waits for the handlers
 * and the close handshakes. New upgrades are refused by the container integrations, which answer every
 * request 503 once intake stopped. Each container lives in its own package behind {@link SessionControl}.
 */
public final class WebSocketIntegration implements Integration {
    static final String NAME = "websocket";

    private final List<Sessions> containers = new ArrayList<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        SessionControl[] controls = {JettyWebSockets.jetty12(), JettyWebSockets.jetty10And11(),
            new Jetty94WebSockets(), new TomcatWebSockets(), new UndertowWebSockets(),
            new NettyWebSockets()};
        for (SessionControl control : controls) {
            Sessions sessions = new Sessions(control, signal);
            control.install(instrumenter, NAME, sessions);
            containers.add(sessions);
        }
    }

    @Override
    public String stopIntake() {
        List<String> done = new ArrayList<>();
        for (Sessions sessions : containers) {
            String text = sessions.goAway();
            if (text != null) {
                done.add(text);
            }
        }
        return done.isEmpty() ? null : String.join("; ", done);
    }

    @Override
    public List<InFlight> inFlight() {
        List<InFlight> all = new ArrayList<>();
        for (Sessions sessions : containers) {
            all.add(sessions.messages());
            all.add(sessions.closing());
        }
        return all;
    }
}
