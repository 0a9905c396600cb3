package dev.gracefulagent.integration.netty;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * Server-side HTTP/2 connections on Netty's {@code Http2ConnectionHandler} (h2c and TLS alike: Vert.x, Reactor
 * Netty, hand-made pipelines), found when the handler joins a pipeline. A stream the client opened is in flight
 * from the moment it became active until Netty closed it, which for a response ending the stream happens once that
 * write completed. At stop intake each connection is closed through the handler's own graceful close: a GOAWAY
 * naming the last stream the client opened, the streams after it refused, the connection closed once its active
 * streams have ended (the wait bounded by the agent's deadline, not Netty's). gRPC's handlers are left to the
 * {@code grpc} integration, whose server shutdown does the same with gRPC's own two-step GOAWAY.
 */
final class Http2Connections {
    private static final Logger LOG = Log.get(Http2Connections.class);
    private static final String HANDLER = "io.netty.handler.codec.http2.Http2ConnectionHandler";
    /** How long stop intake waits for the event loops to start the graceful closes. */
    private static final long GOAWAY_WAIT_MILLIS = 2000;

    /** Open server connections, each removed when its channel closes. */
    private final Set<Http2Connection> open = ConcurrentHashMap.newKeySet();
    private final Map<Object, Unit> streams = new ConcurrentHashMap<>();
    private InFlight inFlight;
    /** Set at stop intake: a connection that still comes (from the listener's queue) goes away at once. */
    private volatile boolean goingAway;

    /** What the integration learns from a connection: its server channel and event loops. */
    interface ServerSeen {
        void served(NettyApi api, Object channel);
    }

    void install(Instrumenter instrumenter, String integration, DrainSignal signal, final ServerSeen seen) {
        inFlight = new InFlight("HTTP/2 streams", new StreamDescriber(), signal);
        instrumenter.hook(integration, HookPoint.atReturn(HANDLER, "handlerAdded",
                "(Lio/netty/channel/ChannelHandlerContext;)V", 0), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object handler, Object ctx, Object b, Object c) {
                        added(handler, ctx, seen);
                        return false;
                    }
                });
    }

    InFlight inFlight() {
        return inFlight;
    }

    private void added(Object handler, Object ctx, ServerSeen seen) {
        if (handler.getClass().getName().startsWith("io.grpc.")) {
            return;
        }
        try {
            Object connection = Reflection.call(handler, "connection");
            if (!(Boolean) Reflection.call(connection, "isServer")) {
                return;
            }
            NettyApi api = NettyApi.forObject(ctx);
            final Http2Connection record = new Http2Connection(api, handler, api.channel(ctx));
            Class<?> listenerType = Class.forName("io.netty.handler.codec.http2.Http2Connection$Listener", false,
                    handler.getClass().getClassLoader());
            Reflection.call(connection, "addListener", Proxy.newProxyInstance(listenerType.getClassLoader(),
                    new Class<?>[] {listenerType}, new StreamListener()));
            open.add(record);
            api.whenComplete(api.closeFuture(record.channel), new FutureListener() {
                @Override
                void completed() {
                    open.remove(record);
                }
            });
            seen.served(api, record.channel);
            if (goingAway) { // after the framework has finished setting the connection up
                api.eventLoop(record.channel).execute(new Runnable() {
                    @Override
                    public void run() {
                        closeGracefully(record);
                    }
                });
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("HTTP/2 handler {} not tracked: {}", handler.getClass().getName(), e.toString());
        }
    }

    /**
     * The open connections a server channel accepted that spoke HTTP/2 from the start (TLS with ALPN, h2c with
     * prior knowledge); one upgraded from HTTP/1 is the HTTP/1 codec's record already.
     */
    int notFromHttp1() {
        int found = 0;
        for (Http2Connection connection : open) {
            if (connection.api.connection(connection.channel) == null
                    && connection.api.parent(connection.channel) != null) {
                found++;
            }
        }
        return found;
    }

    /**
     * Starts the graceful close of every open connection on its event loop; returns how many, or 0 with none.
     */
    int goAway() throws InterruptedException {
        goingAway = true;
        List<Http2Connection> connections = new ArrayList<>(open);
        final CountDownLatch started = new CountDownLatch(connections.size());
        final AtomicInteger closing = new AtomicInteger();
        for (final Http2Connection connection : connections) {
            Runnable close = new Runnable() {
                @Override
                public void run() {
                    try {
                        if (closeGracefully(connection)) {
                            closing.incrementAndGet();
                        }
                    } finally {
                        started.countDown();
                    }
                }
            };
            try {
                connection.api.eventLoop(connection.channel).execute(close);
            } catch (RuntimeException e) { // its event loop already shut down
                started.countDown();
            }
        }
        if (!started.await(GOAWAY_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            LOG.warn("{} HTTP/2 connection(s) not sent GOAWAY within {} ms", started.getCount(), GOAWAY_WAIT_MILLIS);
        }
        return closing.get();
    }

    /** On the connection's event loop: GOAWAY, then the close once its active streams have ended. */
    private static boolean closeGracefully(Http2Connection connection) {
        try {
            // -1: wait for the active streams as long as they run; the agent's deadline bounds it
            Reflection.call(connection.handler, "gracefulShutdownTimeoutMillis", -1L);
            connection.api.close(connection.channel);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not send GOAWAY on {}: {}", connection.channel, e.toString());
            return false;
        }
    }

    /** One server connection: its handler and channel. */
    private static final class Http2Connection {
        final NettyApi api;
        final Object handler;
        final Object channel;

        Http2Connection(NettyApi api, Object handler, Object channel) {
            this.api = api;
            this.handler = handler;
            this.channel = channel;
        }
    }

    /**
     * Netty's {@code Http2Connection.Listener}, called on the connection's event loop: a stream the client opened
     * (an odd id) begins when it becomes active and ends when it closes.
     */
    private final class StreamListener implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws ReflectiveOperationException {
            switch (method.getName()) {
                case "onStreamActive":
                    if (((Integer) Reflection.call(args[0], "id")) % 2 == 1) {
                        streams.put(args[0], inFlight.begin(args[0]));
                    }
                    return null;
                case "onStreamClosed":
                    Unit unit = streams.remove(args[0]);
                    if (unit != null) {
                        unit.end();
                    }
                    return null;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "graceful-agent stream listener";
                default:
                    return null;
            }
        }
    }

    /** "HTTP/2 stream 3". No thread runs a stream between its frames. */
    private static final class StreamDescriber implements Describer {
        @Override
        public String describe(Object stream) {
            try {
                return "HTTP/2 stream " + Reflection.call(stream, "id");
            } catch (ReflectiveOperationException e) {
                return "HTTP/2 stream";
            }
        }

        @Override
        public String entryFrame() {
            return HANDLER + ".decode";
        }
    }
}
