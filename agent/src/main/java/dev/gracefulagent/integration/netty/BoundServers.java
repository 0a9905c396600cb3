package dev.gracefulagent.integration.netty;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.WeakRegistry;
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
 * Every Netty server channel, seen where it binds, and how many of the connections it accepted are open. A server
 * learns its protocol only from its connections, so one with none open when the signal comes (an HTTP server
 * nobody has called yet, or only a TCP health probe) cannot be known as HTTP; but nothing can be in flight on it
 * either: stop intake closes it as the netty integration's own, on its event loop, where Netty accepts, so no
 * connection slips in between the check and the close. A server with a connection open that the agent did not
 * understand stays unowned.
 */
final class BoundServers {
    private static final Logger LOG = Log.get(BoundServers.class);
    private static final String CHANNEL = "Lio/netty/channel/Channel;";
    /** How long stop intake waits for the event loops to look at their server channels. */
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final WeakRegistry<Object> bound = new WeakRegistry<>();
    /** Ports of the server channels closed here: owned, since nothing ran on them any more. */
    private final Set<Integer> closedPorts = ConcurrentHashMap.newKeySet();

    void install(Instrumenter instrumenter, String integration) {
        // At entry, not return: bind completes its promise before it returns, so a server waiting on that promise
        // (Reactor Netty's bindNow) can be ready, and signalled, before a hook at return had recorded the channel.
        instrumenter.hook(integration, HookPoint.atEntry("io.netty.channel.AbstractChannel$AbstractUnsafe", "bind",
                "(Ljava/net/SocketAddress;Lio/netty/channel/ChannelPromise;)V", 1), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object unsafe, Object promise, Object b, Object c) {
                        NettyApi api = NettyApi.forTransport(promise);
                        if (api != null) {
                            Object channel = api.channelOf(promise);
                            if (api.isServerChannel(channel)) {
                                bound.add(channel);
                            }
                        }
                        return false;
                    }
                });
        Bridge.Hook child = new Bridge.Hook() {
            @Override
            public boolean enter(Object channel, Object parent, Object b, Object c) {
                NettyApi api = parent == null ? null : NettyApi.forTransport(parent);
                if (api != null && api.isServerChannel(parent)) {
                    api.countOpenConnection(parent, channel);
                }
                return false;
            }
        };
        instrumenter.hook(integration, HookPoint.atReturn("io.netty.channel.AbstractChannel", "<init>",
                "(" + CHANNEL + ")V", 0), child);
        instrumenter.hook(integration, HookPoint.atReturn("io.netty.channel.AbstractChannel", "<init>",
                "(" + CHANNEL + "Lio/netty/channel/ChannelId;)V", 0), child);
    }

    /**
     * Closes the server channels other than {@code known} that have no connection open, adding to {@code loops}
     * the event loops they were registered with and those they hand their connections to; returns how many it
     * closed.
     */
    int closeUnused(List<Object> known, final WeakRegistry<Object> loops) throws InterruptedException {
        List<Object> others = new ArrayList<>(bound.snapshot());
        others.removeAll(known); // identity: Netty channels keep Object's equals
        final CountDownLatch checked = new CountDownLatch(others.size());
        final AtomicInteger closed = new AtomicInteger();
        for (final Object server : others) {
            final NettyApi api = NettyApi.forTransport(server);
            Runnable check = new Runnable() {
                @Override
                public void run() {
                    try {
                        if (isOpen(server) && !api.hasOpenConnections(server)) {
                            closedPorts.add(api.port(server));
                            for (Object loop : childLoops(server)) { // first: the close empties the pipeline
                                loops.add(loop);
                            }
                            api.close(server);
                            loops.add(api.eventLoop(server));
                            closed.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        LOG.debug("could not check server channel {}: {}", server, e.toString());
                    } finally {
                        checked.countDown();
                    }
                }
            };
            try {
                api.eventLoop(server).execute(check);
            } catch (RuntimeException e) { // its event loop already shut down
                checked.countDown();
            }
        }
        if (!checked.await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            LOG.warn("{} Netty server channel(s) not checked within {} ms", checked.getCount(), CLOSE_WAIT_MILLIS);
        }
        return closed.get();
    }

    /**
     * The event loops a server channel hands its connections to: its acceptor handler's {@code childGroup}, the
     * field's name in Netty's {@code ServerBootstrap} and in Reactor Netty alike. Their threads sit in native calls
     * as long as they run and so hold the JVM's exit as a server's own loop would; none when there is no such
     * handler.
     */
    private static List<Object> childLoops(Object server) {
        List<Object> loops = new ArrayList<>();
        try {
            for (Object entry : (Iterable<?>) Reflection.call(server, "pipeline")) {
                Object handler = ((Map.Entry<?, ?>) entry).getValue();
                Object group;
                try {
                    group = Reflection.field(handler, "childGroup");
                } catch (NoSuchFieldException e) {
                    continue; // another handler
                }
                for (Object loop : (Iterable<?>) group) {
                    loops.add(loop);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("no child event loops found for server channel {}: {}", server, e.toString());
        }
        return loops;
    }

    boolean closedHere(int port) {
        return closedPorts.contains(port);
    }

    private static boolean isOpen(Object channel) {
        try {
            return (Boolean) Reflection.call(channel, "isOpen");
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
