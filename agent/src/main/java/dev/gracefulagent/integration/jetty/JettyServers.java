package dev.gracefulagent.integration.jetty;

import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Registrar;
import dev.gracefulagent.integration.Servers;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.WeakRegistry;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;

/**
 * The servers of one Jetty line (9.4 to 11, or 12) and what every line does with them: stop their intake the
 * Jetty way and stop them after the drain. A server registers itself when it starts ({@code Server.doStart}, the
 * same in every line) and by its requests (after a dynamic attach). Each line's integration also hooks its own
 * request method on {@code Server}; the line that finds all its hook points there takes the class, the other one
 * is switched off quietly (a partial match, see {@code HookTransformer}).
 */
public final class JettyServers {
    /** Where Jetty's listening sockets are opened ({@code ServerConnector.open}), in every line. */
    public static final List<String> LISTENER_OWNERS = Collections.singletonList("org.eclipse.jetty.server.");
    private static final Logger LOG = Log.get(JettyServers.class);
    private static final String SERVER = "org.eclipse.jetty.server.Server";

    private final WeakRegistry<Object> servers = new WeakRegistry<>();

    /** Registers the servers that start from now on. */
    public void install(Instrumenter instrumenter, String integration) {
        instrumenter.hook(integration, HookPoint.atEntry(SERVER, "doStart", "()V"), new Registrar(servers));
    }

    /** A server seen handling a request; cheap when it is known already. */
    public void add(Object server) {
        servers.add(server);
    }

    /**
     * Shuts every connector of every server down (listener closed, responses from now on {@code Connection:
     * close}) and closes the connections {@code idle} tells are idle; null when no server was found.
     */
    public String stopIntake(JettyConnectors.IdleTest idle) {
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
                    idleClosed += JettyConnectors.closeIdle(connector, idle);
                }
            } catch (ReflectiveOperationException e) {
                LOG.warn("could not stop intake of {}: {}", server, e.toString());
            }
        }
        return Servers.intakeStopped(listeners, found.size(), idleClosed);
    }

    /** Stops the servers once nothing is in flight (see {@link Servers#stopWhenDrained}). */
    public int stopWhenDrained(InFlight requests) throws ReflectiveOperationException {
        return Servers.stopWhenDrained(requests, servers.snapshot());
    }
}
