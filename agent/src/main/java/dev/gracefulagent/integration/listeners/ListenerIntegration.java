package dev.gracefulagent.integration.listeners;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.core.Listener;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.DrainSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.slf4j.Logger;

/**
 * Sees every listening TCP socket the JVM binds — NIO server channels, {@code java.net.ServerSocket}s,
 * asynchronous server channels, and Netty's native epoll and io_uring server channels (also the copy of Netty
 * inside grpc-netty-shaded) — with the stack that bound it, and the connections each one accepts. It stops no
 * intake itself: the shutdown sequence decides whose each listener is and closes the ones nobody owns.
 */
public final class ListenerIntegration implements Integration {
    static final String NAME = "listeners";
    private static final Logger LOG = Log.get(ListenerIntegration.class);
    private static final String NIO_SERVER = "sun.nio.ch.ServerSocketChannelImpl";
    private static final String ASYNC_SERVER = "sun.nio.ch.AsynchronousServerSocketChannelImpl";
    private static final String BIND_DESC = "(Ljava/net/SocketAddress;I)";
    /** Netty's native transports: the package of the channel classes and the descriptor of newChildChannel. */
    private static final String[][] NETTY_NATIVE = {
        {"netty-epoll", "io.netty.channel.epoll.EpollServerSocketChannel", "(I[BII)"},
        {"netty-io_uring", "io.netty.channel.uring.IoUringServerSocketChannel", "(ILjava/nio/ByteBuffer;)"},
        {"grpc-netty-epoll", "io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel", "(I[BII)"},
    };

    /** Listening socket (identity: JDK channels, sockets and Netty channels keep identity equality) to its record. */
    private final Map<Object, SocketListener> listeners = new WeakHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        instrumenter.hook(NAME, HookPoint.atReturn(NIO_SERVER, "bind", BIND_DESC
                + "Ljava/nio/channels/ServerSocketChannel;"), bound(SocketKinds.NIO));
        instrumenter.hook(NAME, HookPoint.atReturnWithResult(NIO_SERVER, "finishAccept",
                "(Ljava/io/FileDescriptor;Ljava/net/SocketAddress;)Ljava/nio/channels/SocketChannel;"), accepted());
        instrumenter.hook(NAME, HookPoint.atReturn("java.net.ServerSocket", "bind", BIND_DESC + "V"),
                bound(SocketKinds.BLOCKING));
        instrumenter.hook(NAME, HookPoint.atReturn("java.net.ServerSocket", "implAccept", "(Ljava/net/Socket;)V", 0),
                accepted());
        instrumenter.hook(NAME, HookPoint.atReturn(ASYNC_SERVER, "bind", BIND_DESC
                + "Ljava/nio/channels/AsynchronousServerSocketChannel;"), bound(SocketKinds.ASYNC));
        for (String[] line : NETTY_NATIVE) {
            // each transport its own line: a Netty version that differs switches off only that transport
            String group = NAME + "/" + line[0];
            String channel = line[1];
            String nettyChannel = channel.substring(0, channel.indexOf(".channel.") + ".channel.".length())
                    .replace('.', '/') + "Channel";
            instrumenter.hook(group, HookPoint.atReturn(channel, "doBind", "(Ljava/net/SocketAddress;)V"),
                    bound(SocketKinds.NETTY_NATIVE));
            instrumenter.hook(group, HookPoint.atReturnWithResult(channel, "newChildChannel",
                    line[2] + "L" + nettyChannel + ";"), accepted());
        }
    }

    private Bridge.Hook bound(final SocketListener.Kind kind) {
        return new Bridge.Hook() {
            @Override
            public boolean enter(Object socket, Object a, Object b, Object c) {
                register(socket, kind);
                return false;
            }
        };
    }

    private Bridge.Hook accepted() {
        return new Bridge.Hook() {
            @Override
            public boolean enter(Object server, Object connection, Object b, Object c) {
                SocketListener listener;
                synchronized (listeners) {
                    listener = listeners.get(server);
                }
                if (listener != null && connection != null) {
                    listener.accepted(connection);
                }
                return false;
            }
        };
    }

    /** A socket was bound: walks the stack once (binding is rare) to know who opened it. */
    private void register(Object socket, SocketListener.Kind kind) {
        try {
            SocketListener listener = new SocketListener(socket, kind, new Throwable().getStackTrace());
            if (listener.port() < 0) {
                return;
            }
            synchronized (listeners) {
                listeners.put(socket, listener);
            }
            LOG.debug("listener on port {} bound by {}", listener.port(), listener.openingStack());
        } catch (Exception e) {
            LOG.debug("could not read the address of {}: {}", socket, e.toString());
        }
    }

    @Override
    public List<Listener> listeners() {
        synchronized (listeners) {
            return new ArrayList<Listener>(listeners.values());
        }
    }
}
