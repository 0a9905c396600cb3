package dev.gracefulagent.integration.jetty;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Servers;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.WeakRegistry;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;

/**
 * The servers of one Jetty line (9.4 to 11, or 12) and what every line does with them: stop their intake the
 * Jetty way and stop them after the drain. A server is found when one of its connectors starts, and by its
 * requests (after a dynamic attach). Discovery sits on {@code AbstractConnector.doStart}, present with the same
 * signature in every line, rather than on {@code Server.doStart}: a line's hook points on {@code Server} are then
 * only its own request method, found all or not at all, so one line's integration never half-matches the other
 * line's {@code Server}. Which line a server belongs to is told by its request method.
 */
public final class JettyServers {
    private static final Logger LOG = Log.get(JettyServers.class);
    private static final String CONNECTOR = "org.eclipse.jetty.server.AbstractConnector";
    /** Where Jetty's listening sockets are opened ({@code ServerConnector.open}), in every line. */
    public static final List<String> LISTENER_OWNERS = Collections.singletonList("org.eclipse.jetty.");

    private final WeakRegistry<Object> servers = new WeakRegistry<>();
    private final ClassValue<Boolean> ofThisLine;

    /**
     * @param requestParameter the first parameter type of {@code Server.handle} in this line, the method its
     *                         integration counts requests in
     */
    public JettyServers(final String requestParameter) {
        ofThisLine = new ClassValue<Boolean>() {
            @Override
            protected Boolean computeValue(Class<?> serverClass) {
                for (Method method : serverClass.getMethods()) {
                    Class<?>[] parameters = method.getParameterTypes();
                    if (method.getName().equals("handle") && parameters.length > 0
                            && parameters[0].getName().equals(requestParameter)) {
                        return true;
                    }
                }
                return false;
            }
        };
    }

    /** Finds the servers of this line whose connectors start from now on. */
    public void install(Instrumenter instrumenter, String integration) {
        instrumenter.hook(integration, HookPoint.atEntry(CONNECTOR, "doStart", "()V"), new Bridge.Hook() {
            @Override
            public boolean enter(Object connector, Object a, Object b, Object c) {
                connectorStarting(connector);
                return false;
            }
        });
    }

    private void connectorStarting(Object connector) {
        try {
            Object server = Reflection.call(connector, "getServer");
            if (server != null && ofThisLine.get(server.getClass()) && servers.add(server)) {
                LOG.debug("found {}", server);
            }
        } catch (ReflectiveOperationException e) {
            LOG.debug("no server for connector {}: {}", connector, e.toString());
        }
    }

    /** A server seen handling a request of this line; cheap when it is known already. */
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
