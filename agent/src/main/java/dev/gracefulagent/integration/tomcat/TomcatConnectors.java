package dev.gracefulagent.integration.tomcat;

import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.log.Log;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;

/**
 * Connector-level steps of stopping intake: close the listening socket, close idle connections. The endpoint
 * is deliberately not paused: a paused Tomcat endpoint drops a request that is still arriving on an open
 * connection without any answer, where the agent serves it (see {@code OpenConnections}).
 */
final class TomcatConnectors {
    /** In {@code org.apache.coyote} from Tomcat 10.1, in {@code org.apache.coyote.http11.upgrade} in Tomcat 9. */
    private static final String UPGRADE_PROCESSOR = ".UpgradeProcessorInternal";
    private static final String HTTP2_HANDLER = "org.apache.coyote.http2.Http2UpgradeHandler";
    private static final String HTTP11_PROCESSOR = "org.apache.coyote.http11.Http11Processor";
    private static final Logger LOG = Log.get(TomcatConnectors.class);
    private static final AtomicBoolean HEAD_UNREADABLE = new AtomicBoolean();
    private static final long MAX_ROUND_TRIP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CHECK_MILLIS = 5;
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
     * The connections that wait for their next request: how many, counting those whose HTTP/1.1 request head is
     * partly received and those a worker is on (it cannot be told from outside whether the worker reads such a
     * head or serves a request the drain waits for anyway); with {@code close}, only those with nothing received,
     * closed first. A worker processing a connection holds its lock and has taken its processor; between requests
     * Tomcat detaches the processor (an async request or a partly received head keeps it): a connection whose lock
     * is free and that has no processor has received nothing, and while the agent holds the lock no worker can
     * start on it.
     */
    static int idle(Object connector, boolean close) throws ReflectiveOperationException {
        int found = 0;
        for (Object wrapper : connections(connector)) {
            // closed, even while the worker that closed it still holds it: no request can come on it
            if (Boolean.TRUE.equals(Reflection.call(wrapper, "isClosed"))) {
                continue;
            }
            Lock lock = (Lock) Reflection.call(wrapper, "getLock");
            if (!lock.tryLock()) {
                if (!close) {
                    // a worker is on it: perhaps reading the rest of a head that was arriving, a request the drain
                    // does not count until it reaches the adapter; counted, so the grace cannot end under it
                    found++;
                }
                continue;
            }
            try {
                Object processor = Reflection.call(wrapper, "getCurrentProcessor");
                if (processor == null) {
                    if (close) {
                        Reflection.call(wrapper, "close");
                    }
                    found++;
                } else if (!close && receivesHead(processor)) {
                    found++;
                }
            } finally {
                lock.unlock();
            }
        }
        return found;
    }

    /** The connections the connector's endpoint has taken in (registered), whatever they carry. */
    static int connectionCount(Object connector) throws ReflectiveOperationException {
        return connections(connector).size();
    }

    /**
     * Whether a processor kept on a connection holds a request head partly received: Tomcat keeps the HTTP/1.1
     * processor (SocketState.LONG) while the request line or the headers are incomplete, and its input buffer
     * parses the head ({@code parsingHeader}) until they are complete. The head of an async request is parsed;
     * an upgraded connection (WebSocket, HTTP/2) has another processor. Where the input buffer cannot be read,
     * the head is said not to be arriving (logged once): the idle connections are still counted.
     */
    private static boolean receivesHead(Object processor) {
        if (!isA(processor.getClass(), HTTP11_PROCESSOR)) {
            return false;
        }
        try {
            Object head = Reflection.field(Reflection.field(processor, "inputBuffer"), "parsingHeader");
            return Boolean.TRUE.equals(head);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (HEAD_UNREADABLE.compareAndSet(false, true)) {
                LOG.warn("cannot tell a request head still arriving on a Tomcat connection: {}", e.toString());
            }
            return false;
        }
    }

    /**
     * HTTP/2: what Tomcat does when it pauses a connector, without pausing the endpoint (see above): each
     * connection's processor is told to pause, and an HTTP/2 one ({@code Http2UpgradeHandler.pause()}) sends a
     * GOAWAY naming no stream yet (RFC 9113, 6.8: streams the client sent meanwhile are still taken). Other
     * processors ignore a pause. Adds the HTTP/2 handlers paused to {@code paused}.
     */
    static void pauseHttp2(Object connector, List<Object> paused) throws ReflectiveOperationException {
        for (Object wrapper : connections(connector)) {
            Object processor = Reflection.call(wrapper, "getCurrentProcessor");
            if (processor != null && processor.getClass().getName().endsWith(UPGRADE_PROCESSOR)) {
                Object handler = Reflection.field(processor, "internalHttpUpgradeHandler");
                if (isA(handler.getClass(), HTTP2_HANDLER)) {
                    Reflection.call(processor, "pause");
                    paused.add(handler);
                }
            }
        }
    }

    /**
     * A round trip after {@link #pauseHttp2}, the second GOAWAY, naming the last stream taken: Tomcat sends it
     * from {@code checkPauseState()} once the connection's measured round trip has passed since the pause, but
     * runs that check only when something arrives on the connection, and a client that waits for its streams
     * sends nothing. So the agent runs it every few ms until each connection has sent it, for up to a second.
     * From then on the connection refuses new streams and closes once its streams are done.
     */
    static void nameLastStreams(List<Object> paused) throws ReflectiveOperationException, InterruptedException {
        long deadline = System.nanoTime() + MAX_ROUND_TRIP_NANOS;
        List<Object> pausing = new ArrayList<Object>(paused);
        while (!pausing.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(CHECK_MILLIS);
            for (Iterator<Object> each = pausing.iterator(); each.hasNext(); ) {
                Object handler = each.next();
                callDeclared(handler, "checkPauseState"); // sends it once a round trip has passed since the pause
                Object state = ((AtomicReference<?>) Reflection.field(handler, "connectionState")).get();
                if (!"PAUSING".equals(String.valueOf(state))) {
                    each.remove();
                }
            }
        }
    }

    /**
     * Whether {@code type} is the class named, or a subclass (for HTTP/2, {@code Http2AsyncUpgradeHandler}, Tomcat
     * 9's NIO default).
     */
    private static boolean isA(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** A method without arguments of any visibility, declared by the object's class or a superclass. */
    private static Object callDeclared(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.getName().equals(name) && method.getParameterTypes().length == 0) {
                    method.setAccessible(true);
                    try {
                        return method.invoke(target);
                    } catch (InvocationTargetException e) {
                        throw new IllegalStateException(name + ": " + e.getCause(), e.getCause());
                    }
                }
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name);
    }

    /** The connections registered with the connector's endpoint (its wrappers), a copy; none when not an endpoint. */
    private static Collection<?> connections(Object connector) throws ReflectiveOperationException {
        Object endpoint = endpoint(Reflection.call(connector, "getProtocolHandler"));
        Object connections = endpoint == null ? null : Reflection.callIfPresent(endpoint, "getConnections");
        return connections instanceof Collection ? new ArrayList<Object>((Collection<?>) connections)
                : Collections.emptyList();
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
