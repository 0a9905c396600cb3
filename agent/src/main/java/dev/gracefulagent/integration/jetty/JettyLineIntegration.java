package dev.gracefulagent.integration.jetty;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Registrar;
import dev.gracefulagent.integration.Servers;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.WeakRegistry;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What every Jetty line's integration (9.4 to 11, 12) does alike: a server registers itself when it starts
 * ({@code Server.doStart}, the same in every line) and by its requests (after a dynamic attach); stopping intake
 * shuts its connectors down the Jetty way; idle connections close after the idle grace; the servers stop after
 * the drain. Each line
 * counts requests through its own request method on {@code Server}: the line that finds all its hook points there
 * takes the class, the other one is switched off quietly (a partial match, see {@code HookTransformer}).
 */
public abstract class JettyLineIntegration implements Integration {
    protected static final String SERVER = "org.eclipse.jetty.server.Server";

    private final WeakRegistry<Object> servers = new WeakRegistry<>();
    private final JettyConnectors.IdleTest idle;
    protected InFlight requests;
    protected volatile boolean intakeStopped;

    /** @param idle how this line tells an idle connection */
    protected JettyLineIntegration(JettyConnectors.IdleTest idle) {
        this.idle = idle;
    }

    /** Counts this line's requests from now on, and registers the servers that start. */
    protected final void installServers(Instrumenter instrumenter, DrainSignal signal, RequestDescriber describer) {
        requests = new InFlight("requests", describer, signal);
        instrumenter.hook(name(), HookPoint.atEntry(SERVER, "doStart", "()V"), new Registrar(servers));
        // where a connector forgets a closed connection, which the idle grace counted until then
        Servers.knockWhenConnectionsClose(instrumenter, name(), HookPoint.atReturn(
                "org.eclipse.jetty.server.AbstractConnector", "onEndPointClosed", "(Lorg/eclipse/jetty/io/EndPoint;)V"),
                signal);
    }

    /**
     * Jetty upgrades an HTTP/1.1 connection to h2c in {@code upgradingClass.upgrade()}, before the request reaches
     * {@code Server}: once intake stopped the upgrade is declined, so the request goes on as HTTP/1.1 and is refused
     * like every late upgrade (see {@code OpenConnections}) instead of opening an HTTP/2 connection that no GOAWAY
     * reaches.
     */
    protected final void declineUpgradesOnceIntakeStopped(Instrumenter instrumenter, String upgradingClass) {
        instrumenter.hook(name(), HookPoint.atEntry(upgradingClass, "upgrade", "()Z").skippingWith(false),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object upgrading, Object a, Object b, Object c) {
                        return intakeStopped;
                    }
                });
    }

    /** A server seen handling a request; cheap when it is known already. */
    protected final void serverSeen(Object server) {
        servers.add(server);
    }

    /** Where Jetty's listening sockets are opened ({@code ServerConnector.open}), in every line. */
    @Override
    public List<String> listenerOwners() {
        return Collections.singletonList("org.eclipse.jetty.server.");
    }

    @Override
    public String closedNoun() {
        return "servers";
    }

    /**
     * Shuts every connector down: the listener closes and responses from now on say {@code Connection: close};
     * every HTTP/2 connection gets a GOAWAY. Idle connections stay for the idle grace (see {@code OpenConnections}).
     */
    @Override
    public String stopIntake() {
        intakeStopped = true;
        List<Object> found = servers.snapshot();
        String line = Servers.stopIntake(found, new EveryConnector() {
            @Override
            protected int onConnector(Object connector) throws ReflectiveOperationException {
                return JettyConnectors.shutDown(connector);
            }
        });
        int goAways = Servers.sum(found, new EveryConnector() {
            @Override
            protected int onConnector(Object connector) throws ReflectiveOperationException {
                return JettyConnectors.goAway(connector);
            }
        }, "send GOAWAY on HTTP/2 connections of");
        return line == null ? null : Servers.withGoAways(line, goAways);
    }

    /** The idle connections of every connector, and, counted, those receiving a request (see JettyConnectors). */
    @Override
    public int idleConnections(final boolean close) {
        return Servers.sum(servers.snapshot(), new EveryConnector() {
            @Override
            protected int onConnector(Object connector) throws ReflectiveOperationException {
                return JettyConnectors.idle(connector, idle, close);
            }
        }, "check the idle connections of");
    }

    /** The connections every connector has taken in. */
    @Override
    public int connectionsAccountedFor() {
        return Servers.sum(servers.snapshot(), new EveryConnector() {
            @Override
            protected int onConnector(Object connector) throws ReflectiveOperationException {
                return JettyConnectors.connections(connector);
            }
        }, "count the connections of");
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

    /** A step on every connector of a Jetty server. */
    private abstract static class EveryConnector extends Servers.EveryConnector {
        @Override
        protected final List<?> connectorsOf(Object server) throws ReflectiveOperationException {
            return Arrays.asList((Object[]) Reflection.call(server, "getConnectors"));
        }
    }

    /** A line's request, for the report; whoever runs it has {@code Server.handle} on the stack. */
    protected abstract static class RequestDescriber implements Describer {
        @Override
        public String entryFrame() {
            return SERVER + ".handle";
        }
    }
}
