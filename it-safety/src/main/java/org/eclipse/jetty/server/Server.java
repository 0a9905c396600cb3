package org.eclipse.jetty.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A library the agent knows by name but not in this version: the class name of Jetty's server and its
 * {@code doStart()}, but a request path of its own instead of Jetty 12's {@code handle(Request, Response,
 * Callback)}. Like a framework with a graceful mode of its own, it registers a shutdown hook that stops accepting
 * and waits for the requests in flight.
 */
public class Server {
    private final int port;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile ServerSocket listener;

    public Server(int port) {
        this.port = port;
    }

    public void start() throws IOException {
        doStart();
    }

    protected void doStart() throws IOException {
        listener = new ServerSocket(port);
        Thread acceptor = new Thread(this::acceptLoop, "fake-jetty-acceptor");
        acceptor.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopGracefully, "fake-jetty-graceful-stop"));
    }

    /** The library's own request path: counted, so that its graceful stop can wait for it. */
    public void handle(Socket connection) {
        inFlight.incrementAndGet();
        try (Socket c = connection) {
            InputStream in = c.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.append((char) b);
            }
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            long ms = requestLine.contains("ms=") ? Long.parseLong(requestLine.replaceAll(".*ms=(\\d+).*", "$1")) : 0;
            Thread.sleep(ms);
            OutputStream out = c.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\ndone"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | InterruptedException e) {
            System.out.println("[app] request failed: " + e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void acceptLoop() {
        while (true) {
            try {
                Socket connection = listener.accept();
                new Thread(() -> handle(connection), "fake-jetty-request").start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** The library's graceful stop: no new connections, then every request in flight finishes. */
    private void stopGracefully() {
        try {
            listener.close();
            while (inFlight.get() > 0) {
                Thread.sleep(20);
            }
            System.out.println("[app] library stopped gracefully");
        } catch (IOException | InterruptedException e) {
            System.out.println("[app] graceful stop failed: " + e);
        }
    }
}
