package dev.gracefulagent.integration.tomcat;

import dev.gracefulagent.integration.Reflection;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Connector-level steps of stopping intake: close the listening socket, close idle connections. The endpoint
 * is deliberately not paused: a paused Tomcat endpoint drops a request that is still arriving on an open
 * connection without any answer, where the agent serves it (see {@code OpenConnections}).
 */
final class TomcatConnectors {
    private TomcatConnectors() {
    }

    /** The connector a {@code CoyoteAdapter} serves (a private field: the adapter has no getter). */
    static Object connectorOf(Object adapter) {
        try {
            return Reflection.field(adapter, "connector");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unsupported Tomcat version: " + e, e);
        }
    }

    /** The servers ({@code org.apache.catalina.Server}) the connectors belong to, each once. */
    static List<Object> serversOf(List<Object> connectors) {
        Set<Object> servers = Collections.newSetFromMap(new IdentityHashMap<Object, Boolean>());
        for (Object connector : connectors) {
            try {
                Object service = Reflection.call(connector, "getService");
                Object server = service == null ? null : Reflection.call(service, "getServer");
                if (server != null) {
                    servers.add(server);
                }
            } catch (ReflectiveOperationException e) {
                // not part of a server (yet): nothing to stop
            }
        }
        return new ArrayList<Object>(servers);
    }

    /** Every connector of every service of the server. */
    static List<Object> connectorsOf(Object server) throws ReflectiveOperationException {
        List<Object> connectors = new ArrayList<>();
        for (Object service : (Object[]) Reflection.call(server, "findServices")) {
            connectors.addAll(Arrays.asList((Object[]) Reflection.call(service, "findConnectors")));
        }
        return connectors;
    }

    /**
     * Tomcat's own graceful listener close ({@code closeServerSocketGraceful}, what Spring Boot uses): the
     * acceptor stops, the listening socket closes and new connections are refused, while open connections go on.
     * Tomcat does that only for a socket bound when the connector started ({@code bindOnInit=false}); for the
     * default, bound when it was initialised, it does nothing. So such an endpoint is first told that its socket
     * was bound at start: it then releases it on stop instead of on destroy, and never twice.
     */
    static int closeListener(Object connector) throws ReflectiveOperationException {
        Object protocol = Reflection.call(connector, "getProtocolHandler");
        Object endpoint = endpoint(protocol);
        if (endpoint == null || !Reflection.has(protocol, "closeServerSocketGraceful", 0)) {
            return 0;
        }
        Field bindState = Reflection.accessibleField(endpoint.getClass(), "bindState");
        String state = ((Enum<?>) bindState.get(endpoint)).name();
        if (state.equals("BOUND_ON_INIT")) {
            bindState.set(endpoint, enumConstant(bindState.getType(), "BOUND_ON_START"));
        } else if (!state.equals("BOUND_ON_START")) {
            return 0; // not bound, or closed already
        }
        Reflection.call(protocol, "closeServerSocketGraceful");
        return 1;
    }

    /**
     * The connections that wait for their next request: how many, closed when {@code close}. A worker processing a connection holds its lock,
     * and between requests Tomcat detaches the processor from it (an async request or a partly received one keeps
     * it): a connection whose lock is free and that has no processor is idle, and while the agent holds the lock
     * no worker can start on it.
     */
    static int idle(Object connector, boolean close) throws ReflectiveOperationException {
        Object endpoint = endpoint(Reflection.call(connector, "getProtocolHandler"));
        Object connections = endpoint == null ? null : Reflection.callIfPresent(endpoint, "getConnections");
        if (!(connections instanceof Collection)) {
            return 0;
        }
        int found = 0;
        for (Object wrapper : new ArrayList<Object>((Collection<?>) connections)) {
            Lock lock = (Lock) Reflection.call(wrapper, "getLock");
            if (!lock.tryLock()) {
                continue; // a worker is on it
            }
            try {
                if (Reflection.call(wrapper, "getCurrentProcessor") == null
                        && !Boolean.TRUE.equals(Reflection.call(wrapper, "isClosed"))) {
                    if (close) {
                        Reflection.call(wrapper, "close");
                    }
                    found++;
                }
            } finally {
                lock.unlock();
            }
        }
        return found;
    }

    /** The protocol handler's endpoint (org.apache.tomcat.util.net.AbstractEndpoint), which has no public getter. */
    private static Object endpoint(Object protocol) throws ReflectiveOperationException {
        try {
            return Reflection.field(protocol, "endpoint");
        } catch (NoSuchFieldException e) {
            return null; // not an AbstractProtocol
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class<? extends Enum>) type, name);
    }
}
