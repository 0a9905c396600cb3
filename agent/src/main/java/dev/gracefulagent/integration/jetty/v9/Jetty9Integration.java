package dev.gracefulagent.integration.jetty.v9;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.OpenConnections;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.jetty.JettyConnectors;
import dev.gracefulagent.integration.jetty.JettyLineIntegration;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.Unit;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jetty 9.4, 10 and 11, the lines built on {@code HttpChannel} (javax servlets on 9.4 and 10, jakarta on 11; the
 * hook points are the same in all three):
 * <ul>
 *   <li>a request is counted from {@code Server.handle(HttpChannel)} until {@code HttpChannel.onCompleted}, which
 *       Jetty calls once the response is complete and written, after the async cycle for {@code AsyncContext}
 *       requests and also when the response failed;</li>
 *   <li>a request that still arrives on an open connection after intake stopped is served and counted, its
 *       response saying {@code Connection: close}; once the drain is over it gets 503 without reaching the
 *       application (see {@code OpenConnections}).</li>
 * </ul>
 * Servers, stopping intake and stopping the servers: see {@link JettyLineIntegration}.
 */
public final class Jetty9Integration extends JettyLineIntegration {
    static final String NAME = "jetty9";
    private static final String CHANNEL = "org.eclipse.jetty.server.HttpChannel";
    /**
     * No request in progress: the channel is idle (before Jetty 12 the channel keeps one request object for its
     * whole life, so "no request" cannot be asked).
     */
    private static final JettyConnectors.IdleTest IDLE = new JettyConnectors.IdleTest() {
        @Override
        public boolean awaitsRequest(Object connection) throws ReflectiveOperationException {
            if (!Reflection.has(connection, "getParser", 0) || !Reflection.has(connection, "getHttpChannel", 0)) {
                return false;
            }
            Object state = Reflection.call(Reflection.call(connection, "getHttpChannel"), "getState");
            return Boolean.TRUE.equals(Reflection.call(state, "isIdle"));
        }
    };

    /** The unit of the request each channel handles now; a channel handles one request at a time. */
    private final ConcurrentHashMap<Object, Unit> byChannel = new ConcurrentHashMap<>();

    public Jetty9Integration() {
        super(IDLE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        installServers(instrumenter, signal, new Requests());
        declineUpgradesOnceIntakeStopped(instrumenter, "org.eclipse.jetty.server.HttpChannelOverHttp");
        instrumenter.hook(NAME, HookPoint.atEntry(SERVER, "handle", "(Lorg/eclipse/jetty/server/HttpChannel;)V", 0)
                .skippingWith(false), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object server, Object channel, Object b, Object c) {
                        return onRequest(server, channel);
                    }
                });
        instrumenter.hook(NAME, HookPoint.atEntry(CHANNEL, "onCompleted", "()V"), new Bridge.Hook() {
            @Override
            public boolean enter(Object channel, Object a, Object b, Object c) {
                Unit unit = byChannel.remove(channel);
                if (unit != null) {
                    unit.end();
                }
                return false;
            }
        });
    }

    /**
     * True when the request was answered here (503, see {@link OpenConnections}) and the server must not handle
     * it. Jetty reads no request after a response that said {@code Connection: close}, so no connection here has
     * been told to close already. An HTTP/2 stream ({@code HttpChannelOverHTTP2}) that reaches here after intake
     * stopped was taken before its session's GOAWAY, which names it as accepted: it is served; later streams are
     * left unprocessed by the session.
     */
    private boolean onRequest(Object server, Object channel) {
        serverSeen(server);
        Unit unit = requests.begin(channel);
        if (intakeStopped && !channel.getClass().getName().endsWith("OverHTTP2")
                && OpenConnections.refuses(unit, false, upgradeOf(channel))) {
            Jetty9Api.of(channel.getClass()).rejectUnavailable(channel);
            return true;
        }
        Unit left = byChannel.put(channel, unit);
        if (left != null) {
            left.end(); // a request whose completion Jetty did not report (its server stopped meanwhile)
        }
        return false;
    }

    private static Object upgradeOf(Object channel) {
        try {
            return Reflection.call(Reflection.call(channel, "getRequest"), "getHeader", "Upgrade");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "GET /work": method and path of the channel's request, never the query string. */
    private static final class Requests extends RequestDescriber {
        @Override
        public String describe(Object channel) {
            try {
                Object request = Reflection.call(channel, "getRequest");
                return Reflection.call(request, "getMethod") + " " + Reflection.call(request, "getRequestURI");
            } catch (ReflectiveOperationException e) {
                return "request on " + channel.getClass().getName();
            }
        }
    }
}
