package dev.gracefulagent.integration.jetty;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import java.util.Collections;
import java.util.List;

/**
 * Jetty 12: every {@code org.eclipse.jetty.server.Server} registers itself when it starts (see
 * {@link JettyServers}), and every request passes {@code Server.handle(Request, Response, Callback)}, where it is
 * counted until Jetty reports it complete (async ones included).
 * Stopping intake shuts the connectors down the Jetty way (listening socket closed, responses marked
 * {@code Connection: close}) and closes the connections that are idle.
 */
public final class JettyIntegration implements Integration {
    static final String NAME = "jetty";
    private static final String SERVER = "org.eclipse.jetty.server.Server";
    private static final String HANDLE_DESC =
            "(Lorg/eclipse/jetty/server/Request;Lorg/eclipse/jetty/server/Response;Lorg/eclipse/jetty/util/Callback;)Z";
    /** An HTTP/1 connection with no request in progress (Jetty 12 makes a request object per request). */
    private static final JettyConnectors.IdleTest IDLE = new JettyConnectors.IdleTest() {
        @Override
        public boolean isIdle(Object connection) throws ReflectiveOperationException {
            if (!Reflection.has(connection, "getParser", 0) || !Reflection.has(connection, "getHttpChannel", 0)) {
                return false;
            }
            Object channel = Reflection.call(connection, "getHttpChannel");
            return Reflection.call(channel, "getRequest") == null && JettyConnectors.nothingReceived(connection);
        }
    };

    private final JettyServers servers = new JettyServers();
    private InFlight requests;
    private volatile boolean intakeStopped;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> listenerOwners() {
        return JettyServers.LISTENER_OWNERS;
    }

    @Override
    public String closedNoun() {
        return "servers";
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        requests = new InFlight("requests", new RequestDescriber(), signal);
        servers.install(instrumenter, NAME);
        instrumenter.hook(NAME, HookPoint.atEntry(SERVER, "handle", HANDLE_DESC, 0, 1, 2).skippingWith(true),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object server, Object request, Object response, Object callback) {
                        return onRequest(server, request, response, callback);
                    }
                });
    }

    /** True when the request was answered here (503 after intake stopped) and the server must not handle it. */
    private boolean onRequest(Object server, Object request, Object response, Object callback) {
        servers.add(server);
        JettyApi api = JettyApi.of(server.getClass());
        if (intakeStopped) {
            api.rejectUnavailable(request, response, callback);
            return true;
        }
        Unit unit = requests.begin(request);
        try {
            api.onComplete(request, unit);
        } catch (RuntimeException | Error e) {
            unit.end();
            throw e;
        }
        return false;
    }

    @Override
    public String stopIntake() {
        intakeStopped = true;
        return servers.stopIntake(IDLE);
    }

    /** Stops the servers once nothing is in flight (see {@link JettyServers#stopWhenDrained}). */
    @Override
    public int close() throws Exception {
        return servers.stopWhenDrained(requests);
    }

    @Override
    public List<InFlight> inFlight() {
        return Collections.singletonList(requests);
    }

    /** "GET /work": method and path, never the query string. */
    private static final class RequestDescriber implements Describer {
        @Override
        public String describe(Object request) {
            try {
                Object uri = Reflection.call(request, "getHttpURI");
                return Reflection.call(request, "getMethod") + " " + Reflection.call(uri, "getPath");
            } catch (ReflectiveOperationException e) {
                return "request " + request.getClass().getName();
            }
        }

        @Override
        public String entryFrame() {
            return SERVER + ".handle";
        }
    }
}
