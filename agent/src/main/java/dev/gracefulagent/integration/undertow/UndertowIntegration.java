package dev.gracefulagent.integration.undertow;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.core.OpenConnections;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Servers;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.StartedRegistry;
import dev.gracefulagent.track.Unit;
import dev.gracefulagent.track.WeakRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Undertow 2.x, whether or not the application wrapped its handler in a {@code GracefulShutdownHandler}:
 * every {@code io.undertow.Undertow} registers itself when it starts. Every exchange passes
 * {@code Connectors.executeRootHandler} — first for the request, again for each dispatch (to a worker, a servlet
 * async dispatch) — and is counted the first time, with its unit as an exchange attachment; it ends when
 * Undertow invokes the exchange's completion listeners, which it does exactly once, after the response was
 * flushed, for plain handlers, servlets and async exchanges alike. After intake stopped, responses carry
 * {@code Connection: close} and connections close after their exchange; a request still arriving on an open
 * connection is served and counted, and once the drain is over gets 503 (see {@code OpenConnections}); idle
 * connections close after the idle grace.
 */
public final class UndertowIntegration implements Integration {
    static final String NAME = "undertow";
    private static final Logger LOG = Log.get(UndertowIntegration.class);
    private static final String EXCHANGE = "io/undertow/server/HttpServerExchange";
    private static final String CONNECTORS = "io.undertow.server.Connectors";
    private static final String ROOT_HANDLER_DESC = "(Lio/undertow/server/HttpHandler;L" + EXCHANGE + ";)V";

    private final StartedRegistry<Object> servers = new StartedRegistry<>();
    /**
     * Listening channels and HTTP/1 open listeners met while they accept and open connections, found this way
     * only as long as no {@code Undertow} was seen starting: the agent was attached to a running service, or
     * the application wires XNIO and Undertow's listeners by hand.
     */
    private final WeakRegistry<Object> acceptors = new WeakRegistry<>();
    private final WeakRegistry<Object> openListeners = new WeakRegistry<>();
    private final Http2Channels http2 = new Http2Channels();
    private volatile boolean serverSeen;
    private InFlight exchanges;
    private volatile boolean intakeStopped;
    /** The HTTP/1 open listeners found at stop intake, whose idle connections close after the idle grace. */
    private volatile List<Object> httpListeners = Collections.emptyList();
    /** Whether counting the connections failed once: it is asked again after every request, and logged once. */
    private volatile boolean countFailed;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> listenerOwners() {
        return Collections.singletonList("io.undertow.");
    }

    @Override
    public String closedNoun() {
        return "servers";
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        exchanges = new InFlight("requests", new ExchangeDescriber(), signal);
        // a connection's close listeners have run there, its open listener's among them (it forgets the connection)
        Servers.knockWhenConnectionsClose(instrumenter, NAME,
                HookPoint.atReturn("io.undertow.server.AbstractServerConnection$CloseSetter", "handleEvent",
                        "(Lorg/xnio/StreamConnection;)V"), signal);
        instrumenter.hook(NAME, HookPoint.atEntry("io.undertow.Undertow", "start", "()V"), new Bridge.Hook() {
            @Override
            public boolean enter(Object server, Object a, Object b, Object c) {
                serverSeen = true;
                if (servers.started(server)) {
                    LOG.debug("found {}", server);
                }
                return false;
            }
        });
        instrumenter.hook(NAME, HookPoint.atEntry("io.undertow.Undertow", "stop", "()V"), new Bridge.Hook() {
            @Override
            public boolean enter(Object server, Object a, Object b, Object c) {
                servers.stopped(server);
                return false;
            }
        });
        instrumenter.hook(NAME, HookPoint.atEntry("org.xnio.nio.NioTcpServer", "accept",
                "()Lorg/xnio/nio/NioSocketStreamConnection;"), registerWithoutServer(acceptors));
        instrumenter.hook(NAME, HookPoint.atEntry(UndertowListeners.HTTP_OPEN_LISTENER, "handleEvent",
                "(Lorg/xnio/StreamConnection;Lio/undertow/connector/PooledByteBuffer;)V"),
                registerWithoutServer(openListeners));
        http2.install(NAME, instrumenter);
        instrumenter.hook(NAME, HookPoint.atEntry(CONNECTORS, "executeRootHandler", ROOT_HANDLER_DESC, 1)
                .skippingWith(false), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object self, Object exchange, Object b, Object c) {
                        return onHandle(exchange);
                    }
                });
        instrumenter.hook(NAME, HookPoint.atEntry(EXCHANGE, "invokeExchangeCompleteListeners", "()V"),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object exchange, Object a, Object b, Object c) {
                        onComplete(exchange);
                        return false;
                    }
                });
        // where HTTP/1 decides on the Connection header of a response, on the thread that owns the exchange
        instrumenter.hook(NAME, HookPoint.atEntry("io.undertow.server.protocol.http.HttpTransferEncoding",
                "createSinkConduit", "(L" + EXCHANGE + ";)Lorg/xnio/conduits/StreamSinkConduit;", 0),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object self, Object exchange, Object b, Object c) {
                        if (intakeStopped) {
                            ExchangeApi.of(exchange.getClass()).closeAfterResponse(exchange);
                        }
                        return false;
                    }
                });
    }

    /** A hook registering {@code this} while no {@code Undertow} was seen starting; one volatile read after. */
    private Bridge.Hook registerWithoutServer(final WeakRegistry<Object> registry) {
        return new Bridge.Hook() {
            @Override
            public boolean enter(Object self, Object a, Object b, Object c) {
                if (!serverSeen) {
                    registry.add(self);
                }
                return false;
            }
        };
    }

    /**
     * True when the exchange was answered here (503, see {@link OpenConnections}, or an HTTP/2 stream refused)
     * and Undertow must not handle it. Undertow reads no request after a response that said {@code Connection:
     * close}, so no connection here has been told to close already.
     */
    private boolean onHandle(Object exchange) {
        ExchangeApi api = ExchangeApi.of(exchange.getClass());
        Object counted = api.unit(exchange);
        if (counted instanceof Unit) {
            ((Unit) counted).movedToCurrentThread(); // a dispatch: the report follows the thread doing the work
            return false;
        }
        Unit unit = exchanges.begin(exchange);
        if (intakeStopped && refusedHttp2Stream(exchange)) {
            unit.abandon(); // Undertow's GOAWAY would close the connection under its streams: late ones are refused
            return true;
        }
        if (intakeStopped && OpenConnections.refuses(unit, false, upgradeOf(exchange))) {
            api.rejectUnavailable(exchange);
            return true;
        }
        try {
            api.attachUnit(exchange, unit);
        } catch (RuntimeException | Error e) {
            unit.end();
            throw e;
        }
        return false;
    }

    private static Object upgradeOf(Object exchange) {
        try {
            return Reflection.callWithString(Reflection.call(exchange, "getRequestHeaders"), "getFirst", "Upgrade");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean refusedHttp2Stream(Object exchange) {
        try {
            return Http2Channels.refused(exchange);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not refuse an HTTP/2 stream: {}", e.toString());
            return false;
        }
    }

    /** Runs on the thread that owns the exchange, once its response was sent (or the connection broke). */
    private void onComplete(Object exchange) {
        ExchangeApi api = ExchangeApi.of(exchange.getClass());
        Object unit = api.unit(exchange);
        if (unit instanceof Unit) {
            if (intakeStopped) {
                api.closeAfterResponse(exchange); // the connection closes instead of waiting for another request
            }
            ((Unit) unit).end();
        }
    }

    @Override
    public String stopIntake() {
        intakeStopped = true;
        List<Object> found = servers.snapshot();
        Set<Object> channels = identitySet(acceptors.snapshot());
        Set<Object> listeners = identitySet(openListeners.snapshot());
        for (Object server : found) {
            try {
                channels.addAll(UndertowListeners.channels(server));
                listeners.addAll(UndertowListeners.openListeners(server));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("could not find the listeners of {}: {}", server, e.toString());
            }
        }
        httpListeners = new ArrayList<Object>(listeners);
        if (found.isEmpty() && channels.isEmpty() && listeners.isEmpty()) {
            return null;
        }
        int closed = 0;
        try {
            closed = UndertowListeners.closeListening(channels);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not close the listening channels: {}", e.toString());
        }
        int goAways = 0;
        try {
            goAways = http2.goAwayIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String done = Servers.withGoAways(Servers.intakeStopped(closed, found.size()), goAways);
        return found.isEmpty() ? done + " (listeners found through their connections: no Undertow seen starting)"
                : done;
    }

    /**
     * The idle HTTP/1 connections of the open listeners found at stop intake, and, counted, those receiving a
     * request (see {@link UndertowListeners#idleConnections}).
     */
    @Override
    public int idleConnections(boolean close) {
        try {
            return UndertowListeners.idleConnections(httpListeners, close);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not check the idle connections: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * The connections the servers seen starting have taken in (see {@link UndertowListeners#connections}), or -1
     * when none was seen (the listeners found through their connections may not be all) or a server's cannot be
     * counted: then none is taken for arriving rather than all of them.
     */
    @Override
    public int connectionsAccountedFor() {
        List<Object> found = servers.snapshot();
        if (found.isEmpty()) {
            return -1;
        }
        int connections = 0;
        for (Object server : found) {
            try {
                connections += UndertowListeners.connections(server);
            } catch (ReflectiveOperationException | RuntimeException e) {
                if (!countFailed) {
                    countFailed = true;
                    LOG.warn("could not count the connections of {}: {}", server, e.toString());
                }
                return -1;
            }
        }
        return connections;
    }

    /**
     * Sends the HTTP/2 connections still open their GOAWAY now that their streams are done, before the application's
     * own stop of its server (Spring Boot's, say) would close them without one.
     */
    @Override
    public void drained() {
        try {
            http2.goAwayAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the servers seen starting once nothing is in flight (see {@link Servers#stopWhenDrained}). */
    @Override
    public int close() throws Exception {
        return Servers.stopWhenDrained(exchanges, servers.snapshot());
    }

    private static Set<Object> identitySet(List<Object> items) {
        Set<Object> set = Collections.newSetFromMap(new IdentityHashMap<Object, Boolean>());
        set.addAll(items);
        return set;
    }

    @Override
    public List<InFlight> inFlight() {
        return Collections.singletonList(exchanges);
    }

    /** "GET /work": method and path, never the query string. */
    private static final class ExchangeDescriber implements Describer {
        @Override
        public String describe(Object exchange) {
            try {
                return Reflection.call(exchange, "getRequestMethod") + " "
                        + Reflection.call(exchange, "getRequestPath");
            } catch (ReflectiveOperationException e) {
                return "exchange " + exchange.getClass().getName();
            }
        }

        @Override
        public String entryFrame() {
            return CONNECTORS + ".executeRootHandler";
        }
    }
}
