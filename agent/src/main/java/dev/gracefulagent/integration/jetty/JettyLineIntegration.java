package dev.gracefulagent.integration.jetty;

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
import java.util.Collections;
import java.util.List;

/**
 * What every Jetty line's integration (9.4 to 11, 12) does alike: a server registers itself when it starts
 * ({@code Server.doStart}, the same in every line) and by its requests (after a dynamic attach); stopping intake
 * shuts its connectors down the Jetty way and closes idle connections; the servers stop after the drain. Each line
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
     * Shuts every connector down (listener closed, responses from now on {@code Connection: close}), sends every
     * HTTP/2 connection a GOAWAY and closes the connections this line tells are idle.
     */
    @Override
    public String stopIntake() {
        intakeStopped = true;
        return Servers.stopIntake(servers.snapshot(), new Servers.IntakeStep() {
            @Override
            public void stop(Object server, Servers.Closed closed) throws ReflectiveOperationException {
                for (Object connector : (Object[]) Reflection.call(server, "getConnectors")) {
                    closed.listeners += JettyConnectors.shutDown(connector);
                    closed.goAways += JettyConnectors.goAway(connector);
                    closed.idleConnections += JettyConnectors.closeIdle(connector, idle);
                }
            }
        });
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

    /** A line's request, for the report; whoever runs it has {@code Server.handle} on the stack. */
    protected abstract static class RequestDescriber implements Describer {
        @Override
        public String entryFrame() {
            return SERVER + ".handle";
        }
    }
}
