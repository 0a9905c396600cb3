package dev.gracefulagent.testbed.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so tests see exactly what a client sees: the status line, the
 * {@code Connection} header, an orderly close (EOF) or a reset.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawHttp connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(60_000);
        return new RawHttp(socket);
    }

    /** One request on a fresh connection; a failure (reset, EOF) comes back as a response with status -1. */
    public static Response get(int port, String path) {
        return get(port, path, () -> { });
    }

    /** HTTP/1.1 over TLS (ALPN http/1.1), trusting the testbed's self-signed key. */
    public static RawHttp connectTls(int port) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        Socket socket = Tls.wrap(plain, port, "http/1.1");
        socket.setSoTimeout(60_000);
        return new RawHttp(socket);
    }

    /** Like {@link #get(int, String)}; {@code afterSending} runs once the request is written, or failed to be. */
    public static Response get(int port, String path, Runnable afterSending) {
        return get(port, false, path, afterSending);
    }

    /** Like {@link #get(int, String, Runnable)}, over TLS when {@code tls}. */
    public static Response get(int port, boolean tls, String path, Runnable afterSending) {
        boolean signalled = false;
        try (RawHttp http = tls ? connectTls(port) : connect(port)) {
            http.send(requestHead("GET", path));
            afterSending.run();
            signalled = true;
            return http.readResponse();
        } catch (IOException e) {
            return Response.failed(e);
        } finally {
            if (!signalled) {
                afterSending.run();
            }
        }
    }

    public Response exchange(String method, String path) throws IOException {
        send(requestHead(method, path));
        return readResponse();
    }

    public static String requestHead(String method, String path) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n";
    }

    /** Sends raw bytes, e.g. a request head in pieces. */
    public void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    public void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public Response readResponse() throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; (line = readLine()) != null && !line.isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked();
        } else if (headers.containsKey("content-length")) {
            body = readExactly(Integer.parseInt(headers.get("content-length")));
        } else {
            body = readToEnd();
        }
        return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, body, null);
    }

    /** Reads until the server closes: "eof" for an orderly close, "reset" when the connection was reset. */
    public String awaitClose() throws IOException {
        try {
            byte[] buffer = new byte[1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    return "data: " + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                }
            }
            return "eof";
        } catch (SocketException e) {
            return "reset: " + e.getMessage();
        }
    }

    private String readChunked() throws IOException {
        StringBuilder body = new StringBuilder();
        while (true) {
            int size = Integer.parseInt(readLine().split(";")[0].trim(), 16);
            if (size == 0) {
                for (String line; (line = readLine()) != null && !line.isEmpty(); ) {
                    // trailers are not needed
                }
                return body.toString();
            }
            body.append(readExactly(size));
            readLine();
        }
    }

    private String readExactly(int length) throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length < length) {
            throw new IOException("body cut after " + data.length + " of " + length + " bytes");
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    private String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** What came back: status (-1 when the exchange failed), headers by lower-case name, body. */
    public record Response(int status, Map<String, String> headers, String body, IOException failure) {
        static Response failed(IOException e) {
            return new Response(-1, Map.of(), "", e);
        }

        public boolean ok(String expectedBody) {
            return status == 200 && expectedBody.equals(body);
        }

        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        @Override
        public String toString() {
            return failure != null ? "failed: " + failure : status + " " + headers + " " + body;
        }
    }
}
