package dev.gracefulagent.integration.netty;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.core.OpenConnections;
import dev.gracefulagent.core.Listener;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.EventLoopGroups;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Servers;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import dev.gracefulagent.track.WeakRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * HTTP/1 servers on Netty 4.1 and 4.2 (Vert.x, Reactor Netty, hand-made pipelines; NIO, epoll and io_uring alike),
 * seen in Netty's own HTTP codec, whichever framework sits on top:
 * <ul>
 * <li>a request is in flight from the moment {@code HttpObjectDecoder} decoded its head until the write carrying
 * its response's last part (through {@code HttpObjectEncoder}) completed, i.e. was handed to the socket, on
 * whatever thread the application answers; or until its connection closed;</li>
 * <li>the server channels whose connections carry this codec are this integration's listeners: stop intake
 * closes them; the connections idle between two requests close after the idle grace; responses in flight then
 * say {@code Connection: close} and their connection closes once they are written; a request that still arrives
 * on an open connection is served and counted the same way, unless its connection was told to close already or
 * the drain is over: then it is answered 503 with {@code Connection: close} below the codec and never reaches
 * the application (see {@code OpenConnections}).</li>
 * </ul>
 * HTTP/2 connections are {@link Http2Connections}' (their server channels are this integration's too), server
 * channels with no connection open at stop intake {@link BoundServers}'; server channels that speak
 * anything else (gRPC, a custom protocol) stay unowned. WebSocket sessions: {@link NettyWebSockets}.
 */
public final class NettyIntegration implements Integration {
    static final String NAME = "netty";
    private static final Logger LOG = Log.get(NettyIntegration.class);
    private static final String CODEC = "io/netty/handler/codec/http/";
    private static final String CTX = "Lio/netty/channel/ChannelHandlerContext;";
    private static final String DECODE_DESC = "(" + CTX + "Lio/netty/buffer/ByteBuf;Ljava/util/List;)V";
    private static final String WRITE_DESC = "(" + CTX + "Ljava/lang/Object;Lio/netty/channel/ChannelPromise;)V";
    private static final String EXECUTOR = "io.netty.util.concurrent.SingleThreadEventExecutor";
    private static final String SHUTDOWN_DESC = "(JJLjava/util/concurrent/TimeUnit;)Lio/netty/util/concurrent/Future;";
    /** How long stop intake waits for Netty to close a server channel on its event loop. */
    private static final long CLOSE_WAIT_MILLIS = 2000;

    /** Server channels that accepted a connection carrying the HTTP/1 codec. */
    private final WeakRegistry<Object> servers = new WeakRegistry<>();
    /** Their event loops, and those of servers closed with no connection open: stopped without a quiet
     * period once everything drained. */
    private final WeakRegistry<Object> loops = new WeakRegistry<>();
    private final Connections connections = new Connections();
    private final BoundServers bound = new BoundServers();
    private final Http2Connections http2 = new Http2Connections();
    private InFlight requests;
    private DrainSignal drain;
    private volatile boolean intakeStopped;
    private final AtomicBoolean heldLoopsLogged = new AtomicBoolean();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String closedNoun() {
        return "event loop groups";
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        requests = new InFlight("requests", new RequestDescriber(), signal);
        drain = signal;
        connections.tellClosesTo(signal);
        bound.install(instrumenter, NAME);
        http2.install(instrumenter, NAME, signal, new Http2Connections.ServerSeen() {
            @Override
            public void served(NettyApi api, Object channel) {
                NettyIntegration.this.served(api, channel);
            }
        });
        instrumenter.hook(NAME, HookPoint.atReturn(CODEC + "HttpObjectDecoder", "decode", DECODE_DESC, 0, 2),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object decoder, Object ctx, Object out, Object c) {
                        decoded(decoder, ctx, (List<?>) out);
                        return false;
                    }
                });
        instrumenter.hook(NAME, HookPoint.atEntry(CODEC + "HttpObjectEncoder", "write", WRITE_DESC, 1),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object encoder, Object message, Object b, Object c) {
                        if (intakeStopped) {
                            NettyApi api = NettyApi.forCodec(encoder.getClass());
                            if (api != null && api.isResponseHead(message)) {
                                api.sayConnectionClose(message);
                            }
                        }
                        return false;
                    }
                });
        instrumenter.hook(NAME, HookPoint.atReturn(CODEC + "HttpObjectEncoder", "write", WRITE_DESC, 0, 1, 2),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object encoder, Object ctx, Object message, Object promise) {
                        written(encoder, ctx, message, promise);
                        return false;
                    }
                });
        instrumenter.hook(NAME, HookPoint.atEntry(EXECUTOR, "shutdownGracefully", SHUTDOWN_DESC),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object loop, Object a, Object b, Object c) {
                        if (intakeStopped && isOurs(loop) && !EventLoopGroups.isStoppingOnThisThread()) {
                            awaitRequestsBeforeLoopStops();
                            if (isDrained()) {
                                EventLoopGroups.stopWithoutQuietPeriod(loop);
                            }
                        }
                        return false;
                    }
                });
    }

    /** Intake stopped and every request answered: nothing more will run on the servers' event loops. */
    private boolean isDrained() {
        return intakeStopped && requests.count() == 0 && http2.inFlight().count() == 0;
    }

    /**
     * The application stops an HTTP server's event loop during the drain (its shutdown hooks run beside the
     * agent's): a stopping loop closes every connection on it at once, its requests unanswered while their work
     * goes on. The stop waits for those requests, as the server's own graceful stop would have: Reactor Netty takes
     * the listener the agent closed for a server already stopped, and Spring Boot then stops its loops at once.
     * Never on an event loop thread, whose requests would wait for it.
     */
    private void awaitRequestsBeforeLoopStops() {
        if (requests.count() + http2.inFlight().count() == 0 || onOurEventLoop()) {
            return;
        }
        if (heldLoopsLogged.compareAndSet(false, true)) {
            LOG.info("the application stops the HTTP servers' event loops with {} request(s) in flight: held until"
                    + " they are answered", requests.count() + http2.inFlight().count());
        }
        try {
            drain.awaitWithinDrain(new DrainSignal.Condition() {
                @Override
                public boolean isMet() {
                    return requests.count() + http2.inFlight().count() == 0;
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean onOurEventLoop() {
        for (Object loop : loops.snapshot()) {
            try {
                if ((Boolean) Reflection.call(loop, "inEventLoop")) {
                    return true;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return true; // cannot tell: never risk holding a loop's own thread
            }
        }
        return false;
    }

    /**
     * A loop of a group that served the HTTP servers, whether or not a request came to this very loop: the group
     * stops its loops one by one, and one that kept its quiet period would hold the exit as long.
     */
    private boolean isOurs(Object loop) {
        Object group = groupOf(loop);
        for (Object known : loops.snapshot()) {
            if (known == loop || group != null && groupOf(known) == group) {
                return true;
            }
        }
        return false;
    }

    private static Object groupOf(Object loop) {
        try {
            return Reflection.call(loop, "parent");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** After each decode step of a request decoder: counts the requests whose head was decoded. */
    private void decoded(Object decoder, Object ctx, List<?> out) {
        NettyApi api = NettyApi.forCodec(decoder.getClass());
        if (api == null) {
            return; // a client's response decoder
        }
        Object channel = api.channel(ctx);
        Connection connection = api.connection(channel);
        if (connection == null) {
            connection = opened(api, channel, decoder, ctx);
        }
        for (int i = 0; i < out.size(); i++) {
            Object message = out.get(i);
            if (!connection.rejecting && api.isRequest(message)) {
                Unit unit = requests.begin(message);
                // told to close: a response in flight or one already served after intake stopped says so
                if (!intakeStopped || !OpenConnections.refuses(unit, connection.servedLate
                        || !connection.requests.isEmpty(), api.upgradeOf(message))) {
                    connection.servedLate = intakeStopped;
                    connection.requests.add(unit);
                    continue;
                }
                connection.rejecting = true;
                if (connection.requests.isEmpty()) {
                    api.answerUnavailable(ctx);
                } // else the response in flight says Connection: close, and the connection closes after it
            }
            if (connection.rejecting) {
                out.remove(i--);
                api.release(message);
            }
        }
    }

    /** A connection's first bytes were decoded: it and its server channel become known. */
    private Connection opened(NettyApi api, Object channel, Object decoder, Object decoderContext) {
        Connection connection = new Connection(api, channel, decoder, decoderContext, connections);
        api.attach(channel, connection);
        connections.add(connection);
        api.whenComplete(api.closeFuture(channel), connection);
        served(api, channel);
        return connection;
    }

    /** An HTTP connection (HTTP/1 or HTTP/2) opened: its server channel and event loops become known. */
    private void served(NettyApi api, Object channel) {
        loops.add(api.eventLoop(channel));
        Object server = api.parent(channel);
        if (server != null && servers.add(server)) {
            loops.add(api.eventLoop(server));
            LOG.debug("found HTTP server channel {}", server);
        }
    }

    /** After a message passed the response encoder: a response's last part ends its request once written. */
    private void written(Object encoder, Object ctx, Object message, Object promise) {
        NettyApi api = NettyApi.forCodec(encoder.getClass());
        if (api == null || !api.endsResponse(message)) {
            return;
        }
        final Connection connection = api.connection(api.channel(ctx));
        final Unit unit = connection == null ? null : connection.requests.poll();
        if (unit == null) {
            return;
        }
        api.whenComplete(api.writeCompletion(ctx, promise), new FutureListener() {
            @Override
            void completed() {
                unit.end();
                if (intakeStopped && connection.requests.isEmpty()) {
                    connection.api.close(connection.channel);
                }
            }
        });
    }

    /**
     * The server channels seen accepting HTTP/1 connections, and those closed at stop intake before they accepted
     * any; other Netty listeners stay unowned.
     */
    @Override
    public boolean ownsListener(Listener listener) {
        if (bound.closedHere(listener.port())) {
            return true;
        }
        for (Object server : servers.snapshot()) {
            if (NettyApi.forObject(server).port(server) == listener.port()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String stopIntake() {
        intakeStopped = true;
        List<Object> found = servers.snapshot();
        String others = stopOtherIntake(found);
        if (found.isEmpty()) {
            return others;
        }
        int closed = 0;
        for (Object server : found) {
            NettyApi api = NettyApi.forObject(server);
            try {
                Object future = api.close(server);
                api.awaitUninterruptibly(future, CLOSE_WAIT_MILLIS);
                closed++;
            } catch (RuntimeException e) {
                LOG.warn("could not close server channel {}: {}", server, e.toString());
            }
        }
        String line = Servers.intakeStopped(closed, found.size());
        return others == null ? line : line + "; " + others;
    }

    @Override
    public int idleConnections(boolean close) {
        try {
            return connections.idle(close);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * The connections the HTTP codecs have seen, HTTP/1 (upgraded since or not) and HTTP/2: the others the
     * listeners accepted are still arriving. Netty makes a connection's channel in the same call as the accept
     * (NIO's {@code doReadMessages}; with epoll and io_uring the channel is the accept's record), so a count of
     * channels would leave no window worth naming. The window is after it: the channel is registered with its
     * event loop and read later, behind that loop's other work, and a TLS handshake comes before the codec sees
     * a byte. A connection that sends nothing holds the idle grace as an idle keep-alive one does.
     */
    @Override
    public int connectionsAccountedFor() {
        return connections.fromServers() + http2.notFromHttp1();
    }

    /**
     * Besides the HTTP/1 servers: closes the server channels with no connection open, and sends GOAWAY on
     * the HTTP/2 connections; what was done, or null.
     */
    private String stopOtherIntake(List<Object> httpServers) {
        List<String> done = new ArrayList<>();
        try {
            // nothing ran on their loops for them: no quiet period to wait out either
            int unused = bound.closeUnused(httpServers, loops);
            if (unused > 0) {
                done.add("closed " + unused + " server channel(s) with no connection open");
            }
            int goingAway = http2.goAway();
            if (goingAway > 0) {
                done.add("GOAWAY sent on " + goingAway + " HTTP/2 connection(s), each closed once its streams end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return done.isEmpty() ? null : String.join("; ", done);
    }

    /**
     * Stops the event loop groups that served the HTTP servers once everything drained (see
     * {@link EventLoopGroups}); past the deadline a request may still run, and they are left to the JVM's exit.
     */
    @Override
    public int close() throws Exception {
        return isDrained() ? EventLoopGroups.stopNow(EventLoopGroups.groupsOf(loops.snapshot())) : 0;
    }

    @Override
    public List<InFlight> inFlight() {
        return Arrays.asList(requests, http2.inFlight());
    }

    /** "GET /work": method and path, never the query string. */
    private static final class RequestDescriber implements Describer {
        @Override
        public String describe(Object request) {
            return NettyApi.forObject(request).describe(request);
        }

        @Override
        public String entryFrame() {
            return "io.netty.handler.codec.http.HttpObjectDecoder.decode";
        }
    }
}
