package dev.gracefulagent.integration.jetty;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Registrar;
import dev.gracefulagent.integration.Servers;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import dev.gracefulagent.track.WeakRegistry;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;

/**
 * Jetty 12: every {@code org.eclipse.jetty.server.Server} registers itself when it starts, and every request
 * passes {@code Server.handle}, where it is counted until Jetty reports it complete (async ones included).
 * Stopping intake shuts the connectors down the Jetty way (listening socket closed, responses marked
 * {@code Connection: close}) and closes the connections that are idle.
 */
public final class JettyIntegration implements Integration {
    static final String NAME = "jetty";
    private static final Logger LOG = Log.get(JettyIntegration.class);
    private static final String SERVER = "org.eclipse.jetty.server.Server";
    private static final String HANDLE_DESC =
            "(Lorg/eclipse/jetty/server/Request;Lorg/eclipse/jetty/server/Response;Lorg/eclipse/jetty/util/Callback;)Z";

    private final WeakRegistry<Object> servers = new WeakRegistry<>();
    private InFlight requests;
    private volatile boolean intakeStopped;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> listenerOwners() {
        return Collections.singletonList("org.eclipse.jetty.server.");
    }

    @Override
    public String closedNoun() {
        return "servers";
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        requests = new InFlight("requests", new RequestDescriber(), signal);
        instrumenter.hook(NAME, HookPoint.atEntry(SERVER, "doStart", "()V"), new Registrar(servers));
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
        List<Object> found = servers.snapshot();
        if (found.isEmpty()) {
            return null;
        }
        int listeners = 0;
        int idleClosed = 0;
        for (Object server : found) {
            try {
                for (Object connector : (Object[]) Reflection.call(server, "getConnectors")) {
                    listeners += JettyConnectors.shutDown(connector);
                    idleClosed += JettyConnectors.closeIdle(connector);
                }
            } catch (ReflectiveOperationException e) {
                LOG.warn("could not stop intake of {}: {}", server, e.toString());
            }
        }
        return Servers.intakeStopped(listeners, found.size(), idleClosed);
    }

    /** Stops the servers once nothing is in flight (see {@link Servers#stopWhenDrained}). */
    @Override
    public int close() throws Exception {
        return Servers.stopWhenDrained(requests, servers.snapshot());
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
