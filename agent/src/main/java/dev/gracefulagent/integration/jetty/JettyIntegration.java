package dev.gracefulagent.integration.jetty;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.OpenConnections;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.Unit;

/**
 * Jetty 12: every request passes {@code Server.handle(Request, Response, Callback)}, where it is counted until
 * Jetty reports it complete (async ones included). Servers, stopping intake and stopping the servers: see
 * {@link JettyLineIntegration}.
 */
public final class JettyIntegration extends JettyLineIntegration {
    static final String NAME = "jetty";
    private static final String HANDLE_DESC =
            "(Lorg/eclipse/jetty/server/Request;Lorg/eclipse/jetty/server/Response;Lorg/eclipse/jetty/util/Callback;)Z";
    /** An HTTP/1 connection with no request in progress (Jetty 12 makes a request object per request). */
    private static final JettyConnectors.IdleTest IDLE = new JettyConnectors.IdleTest() {
        @Override
        public boolean awaitsRequest(Object connection) throws ReflectiveOperationException {
            if (!Reflection.has(connection, "getParser", 0) || !Reflection.has(connection, "getHttpChannel", 0)) {
                return false;
            }
            return Reflection.call(Reflection.call(connection, "getHttpChannel"), "getRequest") == null;
        }
    };

    public JettyIntegration() {
        super(IDLE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        installServers(instrumenter, signal, new Requests());
        declineUpgradesOnceIntakeStopped(instrumenter,
                "org.eclipse.jetty.server.internal.HttpConnection$HttpStreamOverHTTP1");
        instrumenter.hook(NAME, HookPoint.atEntry(SERVER, "handle", HANDLE_DESC, 0, 1, 2).skippingWith(true),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object server, Object request, Object response, Object callback) {
                        return onRequest(server, request, response, callback);
                    }
                });
    }

    /**
     * True when the request was answered here (503, see {@link OpenConnections}) and the server must not handle
     * it. Jetty reads no request after a response that said {@code Connection: close}, so no connection here has
     * been told to close already. An HTTP/2 stream that reaches here after intake stopped was taken before its
     * session's GOAWAY, which names it as accepted: it is served; later streams are refused by the session.
     */
    private boolean onRequest(Object server, Object request, Object response, Object callback) {
        serverSeen(server);
        JettyApi api = JettyApi.of(server.getClass());
        Unit unit = requests.begin(request);
        if (intakeStopped && !api.isHttp2(request) && OpenConnections.refuses(unit, false, upgradeOf(request))) {
            api.rejectUnavailable(request, response, callback);
            return true;
        }
        try {
            api.onComplete(request, unit);
        } catch (RuntimeException | Error e) {
            unit.end();
            throw e;
        }
        return false;
    }

    private static Object upgradeOf(Object request) {
        try {
            return Reflection.callWithString(Reflection.call(request, "getHeaders"), "get", "Upgrade");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "GET /work": method and path, never the query string. */
    private static final class Requests extends RequestDescriber {
        @Override
        public String describe(Object request) {
            try {
                Object uri = Reflection.call(request, "getHttpURI");
                return Reflection.call(request, "getMethod") + " " + Reflection.call(uri, "getPath");
            } catch (ReflectiveOperationException e) {
                return "request " + request.getClass().getName();
            }
        }
    }
}
