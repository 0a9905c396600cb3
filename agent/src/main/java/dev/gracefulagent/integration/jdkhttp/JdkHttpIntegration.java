package dev.gracefulagent.integration.jdkhttp;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.instrument.JdkAccess;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Servers;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import dev.gracefulagent.track.WeakRegistry;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The JDK's own {@code com.sun.net.httpserver.HttpServer} (HTTP and HTTPS; implementation {@code
 * sun.net.httpserver}, JDK 17 and 25):
 * <ul>
 *   <li>every server registers itself when it starts, except the agent's own health endpoint, which is never
 *       touched or counted;</li>
 *   <li>an exchange is counted per connection, from the moment the server starts reading its request ({@code
 *       ServerImpl.requestStarted}) until the server has written the whole response ({@code responseCompleted},
 *       when the response stream's last bytes went to the socket) or closed the connection: the same whatever
 *       executor runs the handlers, or none;</li>
 *   <li>stopping intake closes the listening channel; the connections waiting for a request (keep-alive ones,
 *       new ones that sent nothing) close after the idle grace; a request that arrived but waits for the
 *       dispatcher counts from then on. Every response whose headers are sent from then on says {@code
 *       Connection: close}, and the server closes its connection after it. A request that still arrives on an
 *       open connection is served that way too, and counted (see {@code OpenConnections}; the server reads no
 *       request after a response that said {@code Connection: close}). The 503 once the drain is over does not
 *       apply here: the servers stop right after it.</li>
 * </ul>
 * The listener and the idle connections have no public handle; the agent opens {@code sun.net.httpserver} to
 * itself at start-up (see {@code JdkAccess}).
 */
public final class JdkHttpIntegration implements Integration {
    static final String NAME = "jdkhttp";
    private static final Logger LOG = Log.get(JdkHttpIntegration.class);
    private static final String SERVER = "sun.net.httpserver.ServerImpl";
    private static final String CONNECTION = "(Lsun/net/httpserver/HttpConnection;)V";

    private final WeakRegistry<Object> servers = new WeakRegistry<>();
    /** The unit of the exchange each connection carries now; a connection carries one at a time. */
    private final ConcurrentHashMap<Object, Unit> byConnection = new ConcurrentHashMap<>();
    /** The health endpoint's ServerImpl, once known. */
    private volatile Object agentsOwn;
    private InFlight requests;
    private volatile boolean intakeStopped;

    @Override
    public String name() {
        return NAME;
    }

    /** Its internals, which stop intake and close reach, when it comes from a module layer of the application's. */
    private static void openToTheAgent(Object server) {
        try {
            JdkAccess.openPackageOf(server.getClass());
        } catch (Exception e) {
            LOG.warn("cannot reach the internals of {}: {}", server, e.toString());
        }
    }

    @Override
    public List<String> listenerOwners() {
        return Collections.singletonList("sun.net.httpserver.");
    }

    @Override
    public String closedNoun() {
        return "servers";
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        requests = new InFlight("requests", new ExchangeDescriber(), signal);
        instrumenter.hook(NAME, HookPoint.atEntry(SERVER, "start", "()V"), new Bridge.Hook() {
            @Override
            public boolean enter(Object server, Object a, Object b, Object c) {
                if (!isAgentsOwn(server) && servers.add(server)) {
                    LOG.debug("found {}", server);
                    openToTheAgent(server);
                }
                return false;
            }
        });
        instrumenter.hook(NAME, HookPoint.atEntry(SERVER, "requestStarted", CONNECTION, 0), new Bridge.Hook() {
            @Override
            public boolean enter(Object server, Object connection, Object b, Object c) {
                requestStarted(server, connection);
                return false;
            }
        });
        Bridge.Hook ended = new Bridge.Hook() {
            @Override
            public boolean enter(Object server, Object connection, Object b, Object c) {
                Unit unit = byConnection.remove(connection);
                if (unit != null) {
                    unit.end();
                }
                return false;
            }
        };
        instrumenter.hook(NAME, HookPoint.atEntry(SERVER, "responseCompleted", CONNECTION, 0), ended);
        instrumenter.hook(NAME, HookPoint.atEntry(SERVER, "closeConnection", CONNECTION, 0), ended);
        Bridge.Hook closeAfterResponse = new Bridge.Hook() {
            @Override
            public boolean enter(Object exchange, Object a, Object b, Object c) {
                if (intakeStopped) {
                    JdkHttpServers.closeAfterResponse(exchange);
                }
                return false;
            }
        };
        for (String exchange : new String[] {"sun.net.httpserver.HttpExchangeImpl",
                "sun.net.httpserver.HttpsExchangeImpl"}) {
            instrumenter.hook(NAME, HookPoint.atEntry(exchange, "sendResponseHeaders", "(IJ)V"), closeAfterResponse);
        }
    }

    private final Function<Object, Unit> beginUnit = new Function<Object, Unit>() {
        @Override
        public Unit apply(Object connection) {
            return requests.begin(connection);
        }
    };
    /** A request that arrived but waits for the dispatcher counts from now on, as if the server had begun it. */
    private final JdkHttpServers.Waiting waiting = new JdkHttpServers.Waiting() {
        @Override
        public void request(Object connection) {
            byConnection.computeIfAbsent(connection, beginUnit);
        }
    };

    private void requestStarted(Object server, Object connection) {
        if (isAgentsOwn(server)) {
            return;
        }
        servers.add(server); // after a dynamic attach, its first request finds it
        // a unit is there already when the request waited for the dispatcher since stop intake
        byConnection.computeIfAbsent(connection, beginUnit).movedToCurrentThread();
    }

    private boolean isAgentsOwn(Object server) {
        Object own = agentsOwn;
        if (own == null) {
            own = JdkHttpServers.healthEndpoint();
            agentsOwn = own;
        }
        return own == server;
    }

    @Override
    public String stopIntake() {
        intakeStopped = true;
        return Servers.stopIntake(servers.snapshot(), new Servers.Step() {
            @Override
            public int on(Object server) throws ReflectiveOperationException {
                return JdkHttpServers.closeListener(server);
            }
        });
    }

    /**
     * The connections waiting for a request: counted, or closed when {@code close}. A connection whose request
     * arrived but waits for the dispatcher is not idle: its request counts from now on. The sequence asks this
     * right after stop intake, and again until the idle grace is over.
     */
    @Override
    public int idleConnections(final boolean close) {
        return Servers.sum(servers.snapshot(), new Servers.Step() {
            @Override
            public int on(Object server) throws ReflectiveOperationException, IOException {
                return JdkHttpServers.idle(server, waiting, close);
            }
        }, "check the idle connections of");
    }

    /** Stops the servers once nothing is in flight, so the JVM need not wait for their dispatcher threads. */
    @Override
    public int close() throws Exception {
        if (requests.count() > 0) {
            return 0;
        }
        List<Object> found = servers.snapshot();
        for (Object server : found) {
            JdkHttpServers.stop(server);
        }
        return found.size();
    }

    @Override
    public List<InFlight> inFlight() {
        return Collections.singletonList(requests);
    }

    /** "exchange from /127.0.0.1:50312": the connection's peer (the request line is not kept per connection). */
    private static final class ExchangeDescriber implements Describer {
        @Override
        public String describe(Object connection) {
            try {
                Object channel = Reflection.field(connection, "chan");
                return "exchange from " + Reflection.call(channel, "getRemoteAddress");
            } catch (ReflectiveOperationException | RuntimeException e) {
                return "exchange on " + connection;
            }
        }

        @Override
        public String entryFrame() {
            return SERVER + "$Exchange.run";
        }
    }
}
