package dev.gracefulagent.integration.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Closing a listener while a thread waits in a blocking {@code accept()} leaves the kernel listening until that
 * thread has left the call. Once the agent's close and wait have returned, a new connection is refused.
 */
class BlockingListenerCloseTest {
    private static final int ROUNDS = 200;

    interface Acceptor {
        void acceptOne() throws Exception;
    }

    @Test
    void aServerSocketTakesNoConnectionOnceReleased() throws Exception {
        assertNoneAcceptedAfterClose(() -> {
            ServerSocket server = new ServerSocket(0);
            return new Bound(server.getLocalPort(), () -> server.accept().close(),
                    new SocketListener(server, SocketKinds.BLOCKING, new StackTraceElement[0]));
        });
    }

    @Test
    void aBlockingServerSocketChannelTakesNoConnectionOnceReleased() throws Exception {
        assertNoneAcceptedAfterClose(() -> {
            ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            return new Bound(port, () -> server.accept().close(),
                    new SocketListener(server, SocketKinds.NIO, new StackTraceElement[0]));
        });
    }

    interface Binder {
        Bound bind() throws Exception;
    }

    static final class Bound {
        final int port;
        final Acceptor acceptor;
        final SocketListener listener;

        Bound(int port, Acceptor acceptor, SocketListener listener) {
            this.port = port;
            this.acceptor = acceptor;
            this.listener = listener;
        }
    }

    private static void assertNoneAcceptedAfterClose(Binder binder) throws Exception {
        AtomicInteger acceptedAfterClose = new AtomicInteger();
        for (int round = 0; round < ROUNDS; round++) {
            Bound bound = binder.bind();
            Thread acceptor = new Thread(() -> {
                try {
                    bound.acceptor.acceptOne();
                    acceptedAfterClose.incrementAndGet();
                } catch (Exception closed) {
                    // the close ended the accept: what should happen
                }
            });
            acceptor.start();
            awaitBlockedInAccept(acceptor);
            bound.listener.close();
            bound.listener.awaitReleased();
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", bound.port), 1000);
                acceptedAfterClose.incrementAndGet();
            } catch (ConnectException refused) {
                // refused: intake has stopped
            } catch (SocketException reset) {
                acceptedAfterClose.incrementAndGet(); // taken by the kernel, then reset when the socket went
            }
            acceptor.join();
        }
        assertEquals(0, acceptedAfterClose.get(), "connections accepted after the listener was closed");
    }

    private static void awaitBlockedInAccept(Thread acceptor) throws InterruptedException {
        while (acceptor.getState() != Thread.State.RUNNABLE) {
            Thread.yield();
        }
        Thread.sleep(1);
    }
}
