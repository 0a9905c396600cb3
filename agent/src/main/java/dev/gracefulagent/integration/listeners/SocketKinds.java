package dev.gracefulagent.integration.listeners;

import dev.gracefulagent.integration.Reflection;
import java.io.Closeable;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/** The kinds of listening socket the agent sees bound: JDK channels, {@code java.net} sockets, Netty's native channels. */
final class SocketKinds {
    /** How long stop intake waits for Netty to close a listener on its event loop. */
    private static final long NETTY_CLOSE_WAIT_MILLIS = 2000;

    private SocketKinds() {
    }

    /** {@code ServerSocketChannel}s and their accepted {@code SocketChannel}s (NIO, also behind most servers). */
    static final SocketListener.Kind NIO = new ChannelKind(true);

    /** {@code AsynchronousServerSocketChannel}s: their accepted connections are not seen. */
    static final SocketListener.Kind ASYNC = new ChannelKind(false);

    /** {@code java.net.ServerSocket}s and the {@code Socket}s they accept. */
    static final SocketListener.Kind BLOCKING = new SocketListener.Kind() {
        @Override
        public int port(Object socket) {
            return ((ServerSocket) socket).getLocalPort();
        }

        @Override
        public boolean isOpen(Object socket) {
            return socket instanceof ServerSocket ? !((ServerSocket) socket).isClosed() : !((Socket) socket).isClosed();
        }

        @Override
        public void close(Object socket) throws Exception {
            ((Closeable) socket).close();
        }

        @Override
        public void awaitReleased(Object socket) throws Exception {
            if (socket instanceof ServerSocket) {
                Object impl = Reflection.field(socket, "impl");
                awaitNoAcceptor(impl, "readerThread", "fdUseCount");
            }
        }

        @Override
        public boolean countsConnections() {
            return true;
        }
    };

    /** Netty's epoll and io_uring server channels, bound in native code, and their child channels. */
    static final SocketListener.Kind NETTY_NATIVE = new SocketListener.Kind() {
        @Override
        public int port(Object channel) throws Exception {
            return portOf((SocketAddress) Reflection.call(channel, "localAddress"));
        }

        @Override
        public boolean isOpen(Object channel) throws Exception {
            return (Boolean) Reflection.call(channel, "isOpen");
        }

        /** Netty closes on the channel's event loop: wait (briefly) so that intake has stopped when this returns. */
        @Override
        public void close(Object channel) throws Exception {
            Object closed = Reflection.call(channel, "close");
            Reflection.call(closed, "awaitUninterruptibly", NETTY_CLOSE_WAIT_MILLIS);
        }

        /** Closed on its event loop, which {@link #close} waited for. */
        @Override
        public void awaitReleased(Object channel) {
        }

        @Override
        public boolean countsConnections() {
            return true;
        }
    };

    /** The TCP port of a bound address, or -1 for other kinds of address (Unix domain sockets). */
    static int portOf(SocketAddress address) {
        return address instanceof InetSocketAddress ? ((InetSocketAddress) address).getPort() : -1;
    }

    private static final class ChannelKind implements SocketListener.Kind {
        private final boolean countsConnections;

        ChannelKind(boolean countsConnections) {
            this.countsConnections = countsConnections;
        }

        @Override
        public int port(Object channel) throws Exception {
            return portOf(((NetworkChannel) channel).getLocalAddress());
        }

        @Override
        public boolean isOpen(Object channel) {
            return ((Channel) channel).isOpen();
        }

        @Override
        public void close(Object channel) throws Exception {
            ((Channel) channel).close();
        }

        /**
         * A channel registered with a selector keeps its socket until that selector next runs (its selectors are
         * woken so the socket closes now); one in blocking mode keeps it until the thread in {@code accept()} has
         * left the call.
         */
        @Override
        public void awaitReleased(Object channel) throws Exception {
            if (channel instanceof SelectableChannel) {
                awaitDeregistered((SelectableChannel) channel);
                awaitNoAcceptor(channel, "thread");
            }
        }

        @Override
        public boolean countsConnections() {
            return countsConnections;
        }
    }

    private static final long SELECTOR_WAKE_WAIT_MILLIS = 1000;
    private static final long ACCEPTOR_LEAVE_WAIT_MILLIS = 1000;

    /**
     * Waits until no thread is inside {@code accept()} on a closed socket, as the JDK's implementation records it:
     * the thread in the call ({@code thread} of a channel, {@code readerThread} of a {@code ServerSocket} on Java
     * 13+) or the number of users of its descriptor ({@code fdUseCount}, Java 8 to 12). An implementation with
     * none of these fields is not waited for.
     */
    private static void awaitNoAcceptor(Object impl, String... fieldsThatMayRecordIt) throws Exception {
        Field inAccept = firstField(impl, fieldsThatMayRecordIt);
        if (inAccept == null) {
            return;
        }
        long deadline = System.nanoTime() + ACCEPTOR_LEAVE_WAIT_MILLIS * 1_000_000;
        while (((Number) inAccept.get(impl)).longValue() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static Field firstField(Object impl, String... names) {
        for (String name : names) {
            try {
                return Reflection.accessibleField(impl.getClass(), name);
            } catch (NoSuchFieldException | RuntimeException absent) {
                // the other shape, or an implementation of its own
            }
        }
        return null;
    }

    private static void awaitDeregistered(SelectableChannel channel) throws Exception {
        if (!channel.isRegistered()) {
            return;
        }
        for (Object key : (Object[]) Reflection.field(channel, "keys")) {
            if (key != null) {
                ((SelectionKey) key).selector().wakeup();
            }
        }
        long deadline = System.nanoTime() + SELECTOR_WAKE_WAIT_MILLIS * 1_000_000;
        while (channel.isRegistered() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }
}
