package dev.gracefulagent.integration.tomcat;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.core.OpenConnections;
import dev.gracefulagent.core.ShutdownSequence;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Servers;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import dev.gracefulagent.track.WeakRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;

/**
 * Apache Tomcat 9, 10.1 and 11, embedded or the standalone distribution. All hooks sit below the servlet API
 * (Catalina's connector and the coyote layer), so {@code javax} and {@code jakarta} Tomcats are the same here.
 * <ul>
 *   <li>every {@code Connector} registers itself when it starts (after a dynamic attach, the first request
 *       finds it); stopping intake covers every connector of the servers they belong to;</li>
 *   <li>a request is counted from {@code CoyoteAdapter.service} until Tomcat recycles its coyote request, which
 *       happens once the response is complete, after the async cycle for {@code AsyncContext} requests;</li>
 *   <li>after intake stopped every HTTP/1.1 response says {@code Connection: close}; a request still arriving
 *       on an open connection is served and counted, and once the drain is over gets 503 without reaching the
 *       application (see {@code OpenConnections}); idle connections close after the idle grace, which also
 *       waits for a connection whose request head is partly received, or accepted and not yet registered by its
 *       endpoint;</li>
 *   <li>Catalina's stop (the shutdown port of {@code catalina.sh stop}, or its own shutdown hook) waits for the
 *       drain first.</li>
 * </ul>
 */
public final class TomcatIntegration implements Integration {
    static final String NAME = "tomcat";
    private static final Logger LOG = Log.get(TomcatIntegration.class);
    private static final String ADAPTER = "org.apache.catalina.connector.CoyoteAdapter";
    private static final String SERVICE_DESC = "(Lorg/apache/coyote/Request;Lorg/apache/coyote/Response;)V";

    private final WeakRegistry<Object> connectors = new WeakRegistry<>();
    private InFlight requests;
    private volatile boolean intakeStopped;
    private volatile boolean connectorKnown;
    /** The sequence runs inside Catalina's stop, which stops the server itself once the drain is over. */
    private volatile boolean catalinaStops;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> listenerOwners() {
        return Collections.singletonList("org.apache.tomcat.util.net.");
    }

    @Override
    public String closedNoun() {
        return "connectors";
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        requests = new InFlight("requests", new RequestDescriber(), signal);
        instrumenter.hook(NAME, HookPoint.atEntry("org.apache.catalina.connector.Connector", "startInternal", "()V"),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object connector, Object a, Object b, Object c) {
                        register(connector);
                        return false;
                    }
                });
        instrumenter.hook(NAME, HookPoint.atEntry(ADAPTER, "service", SERVICE_DESC, 0, 1).skippingWith(false),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object adapter, Object request, Object response, Object c) {
                        return onRequest(adapter, request, response);
                    }
                });
        // newer Tomcats (9.0.124, 10.1, 11 here) recycle an HTTP/2 stream's request with the stream, older ones
        // (9.0.83, Boot 2.7's) never: the stream processor's recycle, called in each once the stream is done, ends it
        instrumenter.hook(NAME, HookPoint.atEntry("org.apache.coyote.http2.StreamProcessor", "recycle", "()V"),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object processor, Object a, Object b, Object c) {
                        onStreamDone(processor);
                        return false;
                    }
                });
        // Tomcat upgrades to h2c before the adapter sees the request: once intake stopped the upgrade is declined,
        // so the request reaches the adapter as HTTP/1.1 and is refused like every late upgrade (OpenConnections)
        instrumenter.hook(NAME, HookPoint.atEntry("org.apache.coyote.http2.Http2Protocol", "accept",
                "(Lorg/apache/coyote/Request;)Z").skippingWith(false), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object protocol, Object request, Object b, Object c) {
                        return intakeStopped;
                    }
                });
        // once per connection, not per request: the idle grace no longer counts a closed one (TomcatConnectors.idle)
        Servers.knockWhenConnectionsClose(instrumenter, NAME,
                HookPoint.atReturn("org.apache.tomcat.util.net.SocketWrapperBase", "close", "()V"), signal);
        instrumenter.hook(NAME, HookPoint.atEntry("org.apache.coyote.Request", "recycle", "()V"), new Bridge.Hook() {
            @Override
            public boolean enter(Object request, Object a, Object b, Object c) {
                onRecycle(request);
                return false;
            }
        });
        instrumenter.hook(NAME, HookPoint.atEntry("org.apache.coyote.http11.Http11Processor", "prepareResponse", "()V"),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object processor, Object a, Object b, Object c) {
                        if (intakeStopped) {
                            TomcatApi.of(processor.getClass()).closeAfterResponse(processor);
                        }
                        return false;
                    }
                });
        instrumenter.hook(NAME, HookPoint.atEntry("org.apache.catalina.startup.Catalina", "stop", "()V"),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object catalina, Object a, Object b, Object c) {
                        catalinaStops = true;
                        drainBeforeCatalinaStops();
                        return false;
                    }
                });
    }

    private void register(Object connector) {
        connectorKnown = true;
        if (connectors.add(connector)) {
            LOG.debug("found {}", connector);
        }
    }

    /**
     * True when the request was answered here (503, see {@link OpenConnections}) and the adapter must not serve
     * it. Tomcat reads no request after a response that said {@code Connection: close}, so no connection here
     * has been told to close already. An HTTP/2 stream that reaches here after intake stopped was taken before
     * its connection's last GOAWAY, which names it as accepted: it is served; later streams are refused by the
     * connection.
     */
    private boolean onRequest(Object adapter, Object request, Object response) {
        if (!connectorKnown) {
            // attached to a running Tomcat: its connectors started before the agent; one leads to all of them
            register(TomcatConnectors.connectorOf(adapter));
        }
        TomcatApi api = TomcatApi.of(request.getClass());
        endUnit(api, request); // a unit left over by a request Tomcat did not recycle
        Unit unit = requests.begin(request);
        if (intakeStopped && !api.isHttp2(request) && OpenConnections.refuses(unit, false, upgradeOf(request))) {
            api.rejectUnavailable(response);
            return true;
        }
        api.setNote(request, unit);
        return false;
    }

    private static Object upgradeOf(Object coyoteRequest) {
        try {
            return Reflection.call(coyoteRequest, "getHeader", "Upgrade");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tomcat recycles a coyote request once its response is complete; it may do so twice, the second is a no-op. */
    private void onRecycle(Object request) {
        endUnit(TomcatApi.of(request.getClass()), request);
    }

    private void onStreamDone(Object streamProcessor) {
        try {
            onRecycle(Reflection.call(streamProcessor, "getRequest"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void endUnit(TomcatApi api, Object request) {
        Object unit = api.note(request);
        if (unit instanceof Unit) {
            api.setNote(request, null);
            ((Unit) unit).end();
        }
    }

    /**
     * Catalina stops the server when its shutdown port receives the command, and from its own shutdown hook. The
     * drain runs first, on this thread; when a signal started it already, this waits for it. A control path, not a
     * request path: it may block up to the drain deadline.
     */
    private static void drainBeforeCatalinaStops() {
        try {
            ShutdownSequence.drainBeforeLibraryStop("Tomcat stop (shutdown command or Catalina's shutdown hook)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String stopIntake() {
        intakeStopped = true;
        List<Object> servers = TomcatConnectors.serversOf(connectors.snapshot());
        if (servers.isEmpty()) {
            return null;
        }
        final List<Object> http2 = new ArrayList<>();
        String line = Servers.stopIntake(servers, new EveryConnector() {
            @Override
            protected int onConnector(Object connector) throws ReflectiveOperationException {
                int closed = TomcatConnectors.closeListener(connector);
                TomcatConnectors.pauseHttp2(connector, http2);
                return closed;
            }
        });
        try {
            TomcatConnectors.nameLastStreams(http2);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not send HTTP/2 connections their last GOAWAY: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Servers.withGoAways(line, http2.size());
    }

    /**
     * The idle connections of every connector, and, counted, those receiving a request head (see
     * TomcatConnectors).
     */
    @Override
    public int idleConnections(final boolean close) {
        return Servers.sum(TomcatConnectors.serversOf(connectors.snapshot()), new EveryConnector() {
            @Override
            protected int onConnector(Object connector) throws ReflectiveOperationException {
                return TomcatConnectors.idle(connector, close);
            }
        }, "check the idle connections of");
    }

    /** The connections the endpoints of every connector have registered. */
    @Override
    public int connectionsAccountedFor() {
        return Servers.sum(TomcatConnectors.serversOf(connectors.snapshot()), new EveryConnector() {
            @Override
            protected int onConnector(Object connector) throws ReflectiveOperationException {
                return TomcatConnectors.connectionCount(connector);
            }
        }, "count the connections of");
    }

    /**
     * Stops the connectors once nothing is in flight (see {@link Servers#stopWhenDrained}). Only the connectors:
     * stopping the whole server would also stop the web applications, which an embedded Tomcat never does on its
     * own, and its leak checks cost 100-400 ms. Within Catalina's stop, Catalina stops the server itself.
     */
    @Override
    public int close() throws Exception {
        if (catalinaStops) {
            return 0;
        }
        List<Object> all = new ArrayList<>();
        for (Object server : TomcatConnectors.serversOf(connectors.snapshot())) {
            all.addAll(TomcatConnectors.connectorsOf(server));
        }
        return Servers.stopWhenDrained(requests, all);
    }

    @Override
    public List<InFlight> inFlight() {
        return Collections.singletonList(requests);
    }

    /** A step on every connector of a Tomcat server. */
    private abstract static class EveryConnector extends Servers.EveryConnector {
        @Override
        protected final List<?> connectorsOf(Object server) throws ReflectiveOperationException {
            return TomcatConnectors.connectorsOf(server);
        }
    }

    /** "GET /work": method and path (coyote keeps the query string apart). */
    private static final class RequestDescriber implements Describer {
        @Override
        public String describe(Object request) {
            try {
                return Reflection.call(request, "method") + " " + Reflection.call(request, "requestURI");
            } catch (ReflectiveOperationException e) {
                return "request " + request.getClass().getName();
            }
        }

        @Override
        public String entryFrame() {
            return ADAPTER + ".service";
        }
    }
}
