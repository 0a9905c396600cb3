package dev.gracefulagent.testbed.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A server the agent will never know: plain {@code java.net.ServerSocket}, a thread per connection, one request
 * per connection ({@code GET /work?ms=N} answers {@code done} after N ms). No shutdown code of its own. Stands for
 * every server library the agent has no integration for.
 */
public final class UnknownServer {
    private UnknownServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        ServerSocket listener = new ServerSocket(port);
        System.out.println("unknown server ready on port " + port);
        while (true) {
            Socket connection;
            try {
                connection = listener.accept();
            } catch (IOException closed) {
                System.out.println("[app] listener closed: " + closed);
                return;
            }
            new Thread(() -> serve(connection), "unknown-server-connection").start();
        }
    }

    private static void serve(Socket connection) {
        try (Socket c = connection) {
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
            String requestLine = in.readLine();
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                // headers are read and ignored
            }
            long ms = requestLine != null && requestLine.contains("ms=")
                    ? Long.parseLong(requestLine.replaceAll(".*ms=(\\d+).*", "$1")) : 0;
            Thread.sleep(ms);
            OutputStream out = c.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\ndone")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.out.println("[app] request failed: " + e);
        }
    }
}
