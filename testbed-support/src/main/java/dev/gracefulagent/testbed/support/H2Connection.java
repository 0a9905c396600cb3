package dev.gracefulagent.testbed.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/2 at the frame level, so a test sees exactly what a client sees: every GOAWAY with its last stream id,
 * RST_STREAM codes, streams left unanswered. h2c on a plain socket, by prior knowledge or by an HTTP/1.1 upgrade
 * (whose request becomes stream 1), or h2 chosen by ALPN over TLS. Requests are GETs; of a response only the
 * status and body are read. The client announces a header table of size 0, so the server's HPACK uses no dynamic
 * table and a status is either a static entry or a literal.
 */
public final class H2Connection implements AutoCloseable {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    /** The client's settings: HEADER_TABLE_SIZE 0, ENABLE_PUSH 0. */
    private static final byte[] SETTINGS_PAYLOAD = {0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0};
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int PADDED = 0x8;
    private static final int PRIORITY = 0x20;
    /** GOAWAY's first step in a graceful shutdown (RFC 9113 6.8): no stream named yet. */
    public static final int ANY_STREAM = Integer.MAX_VALUE;
    public static final int REFUSED_STREAM = 0x7;
    /** The stream an h2c upgrade's own request becomes (RFC 7540, 3.2). */
    public static final int UPGRADED_STREAM = 1;

    private final Socket socket;
    private final OutputStream out;
    private final String scheme;
    private final int port;
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
    private final List<GoAway> goAways = new ArrayList<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private int nextStreamId = 1;

    private H2Connection(Socket socket, String scheme, int port, boolean upgraded) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.scheme = scheme;
        this.port = port;
        if (upgraded) {
            streams.put(UPGRADED_STREAM, new Stream());
            nextStreamId = UPGRADED_STREAM + 2;
        }
        // the preface and the first SETTINGS in one write, as clients do
        ByteArrayOutputStream start = new ByteArrayOutputStream();
        start.write(PREFACE);
        start.write(frame(SETTINGS, 0, 0, SETTINGS_PAYLOAD));
        out.write(start.toByteArray());
        out.flush();
        Thread reader = new Thread(this::readFrames, "h2-client-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    /** h2c with prior knowledge. */
    public static H2Connection plain(int port) throws IOException {
        return new H2Connection(connect(port), "http", port, false);
    }

    /**
     * h2c by upgrade: {@code GET path} over HTTP/1.1 asking to upgrade to h2c; once the server answers 101 the
     * connection speaks HTTP/2 and the request is stream {@link #UPGRADED_STREAM}, its outcome in {@link #outcome}.
     * Fails when the server answers anything but 101.
     */
    public static H2Connection upgrade(int port, String path) throws IOException {
        Socket socket = connect(port);
        socket.getOutputStream().write(upgradeRequest(port, path).getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        socket.setSoTimeout(10_000);
        String head = responseHead(socket.getInputStream());
        socket.setSoTimeout(0);
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("no upgrade to h2c: " + head);
        }
        return new H2Connection(socket, "http", port, true);
    }

    /** An HTTP/1.1 {@code GET path} asking to upgrade the connection to h2c. */
    public static String upgradeRequest(int port, String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: " + Base64.getUrlEncoder().withoutPadding().encodeToString(SETTINGS_PAYLOAD)
                + "\r\n\r\n";
    }

    /** The head of an HTTP/1.1 response, read byte by byte so nothing after it (HTTP/2 frames) is taken. */
    private static String responseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after '" + head + "'");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** h2 over TLS, chosen by ALPN; fails when the server chose anything else. */
    public static H2Connection tls(int port) throws IOException {
        SSLSocket socket = Tls.wrap(connect(port), port, "h2");
        if (!"h2".equals(socket.getApplicationProtocol())) {
            socket.close();
            throw new IOException("ALPN chose '" + socket.getApplicationProtocol() + "', not h2");
        }
        return new H2Connection(socket, "https", port, false);
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return socket;
    }

    /** Opens a stream with a GET of {@code path}; its outcome comes in {@link #outcome}. */
    public int get(String path) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x82); // :method GET
        block.write("https".equals(scheme) ? 0x87 : 0x86); // :scheme
        literal(block, 4, path); // :path
        literal(block, 1, "127.0.0.1:" + port); // :authority
        synchronized (out) {
            int id = nextStreamId;
            nextStreamId += 2;
            Stream stream = new Stream();
            streams.put(id, stream);
            if (closed.isDone()) {
                stream.outcome.complete("unanswered: connection " + closed.join());
            }
            writeFrame(HEADERS, END_STREAM | END_HEADERS, id, block.toByteArray());
            return id;
        }
    }

    /** The streams opened so far, in order: the upgrade's own request first on an upgraded connection. */
    public List<Integer> streamIds() {
        return streams.keySet().stream().sorted().toList();
    }

    /** How stream {@code id} ended: "200 done", "reset 7", or "unanswered: ..." when the connection closed first. */
    public CompletableFuture<String> outcome(int id) {
        return streams.get(id).outcome;
    }

    /** The outcome of stream {@code id}, or "none within ..." when it has none in time. */
    public String awaitOutcome(int id, long seconds) throws InterruptedException, ExecutionException {
        try {
            return outcome(id).get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return "none within " + seconds + " s";
        }
    }

    /** Waits for a GOAWAY matching {@code test}; null when none came in time or the connection closed first. */
    public GoAway awaitGoAway(Predicate<GoAway> test, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (goAways) {
            while (true) {
                for (GoAway goAway : goAways) {
                    if (test.test(goAway)) {
                        return goAway;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed.isDone()) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(goAways, left);
            }
        }
    }

    public List<GoAway> goAways() {
        synchronized (goAways) {
            return new ArrayList<>(goAways);
        }
    }

    /** Completes with "eof" or "reset ..." when the server closes the connection. */
    public CompletableFuture<String> closed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A GOAWAY frame as received, and how many of this connection's streams had ended before it came. */
    public record GoAway(int lastStreamId, int errorCode, String debugData, long streamsEndedBefore) {
    }

    private static final class Stream {
        final CompletableFuture<String> outcome = new CompletableFuture<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = -1;
    }

    /** Writes a frame in one piece (over TLS, one record: a server may expect a frame's header and body together). */
    private void writeFrame(int type, int flags, int streamId, byte[] payload) throws IOException {
        synchronized (out) {
            out.write(frame(type, flags, streamId, payload));
            out.flush();
        }
    }

    private static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        byte[] frame = new byte[9 + payload.length];
        byte[] header = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags, (byte) (streamId >>> 24), (byte) (streamId >>> 16),
                (byte) (streamId >>> 8), (byte) streamId};
        System.arraycopy(header, 0, frame, 0, 9);
        System.arraycopy(payload, 0, frame, 9, payload.length);
        return frame;
    }

    private void readFrames() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int streamId = in.readInt() & 0x7fffffff;
                byte[] payload = new byte[length];
                in.readFully(payload);
                onFrame(type, flags, streamId, payload);
            }
        } catch (EOFException e) {
            ended("eof");
        } catch (SocketException e) {
            ended(socket.isClosed() ? "closed by the client" : "reset: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            ended("failed: " + e);
        }
    }

    private void ended(String how) {
        closed.complete(how);
        for (Stream stream : streams.values()) {
            stream.outcome.complete("unanswered: connection " + how);
        }
        synchronized (goAways) {
            goAways.notifyAll();
        }
    }

    private void onFrame(int type, int flags, int streamId, byte[] payload) throws IOException {
        Stream stream = streams.get(streamId);
        switch (type) {
            case SETTINGS:
                if ((flags & ACK) == 0) {
                    writeFrame(SETTINGS, ACK, 0, new byte[0]);
                }
                break;
            case PING:
                if ((flags & ACK) == 0) {
                    writeFrame(PING, ACK, 0, payload);
                }
                break;
            case GOAWAY:
                synchronized (goAways) {
                    goAways.add(new GoAway(int32(payload, 0) & 0x7fffffff, int32(payload, 4),
                            new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8),
                            streams.values().stream().filter(st -> st.outcome.isDone()).count()));
                    goAways.notifyAll();
                }
                break;
            case HEADERS:
                if (stream != null && stream.status < 0) {
                    stream.status = status(payload, flags);
                }
                endIfLast(stream, flags);
                break;
            case DATA:
                if (stream != null) {
                    int padding = (flags & PADDED) != 0 ? payload[0] & 0xff : 0;
                    int start = (flags & PADDED) != 0 ? 1 : 0;
                    stream.body.write(payload, start, payload.length - start - padding);
                }
                endIfLast(stream, flags);
                break;
            case RST_STREAM:
                if (stream != null) {
                    stream.outcome.complete("reset " + int32(payload, 0));
                }
                break;
            default:
                break; // WINDOW_UPDATE, PRIORITY, CONTINUATION (a status is in the first fragment)
        }
    }

    private static void endIfLast(Stream stream, int flags) {
        if (stream != null && (flags & END_STREAM) != 0) {
            stream.outcome.complete(stream.status + " " + stream.body.toString(StandardCharsets.UTF_8));
        }
    }

    /** The {@code :status} of a response header block: the first field after any table size updates. */
    private static int status(byte[] payload, int flags) {
        int at = 0;
        if ((flags & PADDED) != 0) {
            at++;
        }
        if ((flags & PRIORITY) != 0) {
            at += 5;
        }
        int[] cursor = {at};
        while ((payload[cursor[0]] & 0xe0) == 0x20) { // dynamic table size update
            integer(payload, cursor, 5);
        }
        int first = payload[cursor[0]] & 0xff;
        if ((first & 0x80) != 0) {
            int index = integer(payload, cursor, 7);
            int[] statuses = {200, 204, 206, 304, 400, 404, 500};
            if (index < 8 || index > 14) {
                throw new IllegalStateException("not a :status field: index " + index);
            }
            return statuses[index - 8];
        }
        int nameIndex = integer(payload, cursor, (first & 0xc0) == 0x40 ? 6 : 4);
        if (nameIndex < 8 || nameIndex > 14) {
            throw new IllegalStateException("not a :status field: name index " + nameIndex);
        }
        boolean huffman = (payload[cursor[0]] & 0x80) != 0;
        int length = integer(payload, cursor, 7);
        String value = huffman ? huffmanDigits(payload, cursor[0], length)
                : new String(payload, cursor[0], length, StandardCharsets.ISO_8859_1);
        return Integer.parseInt(value);
    }

    /** An HPACK integer with an {@code prefix}-bit prefix at {@code cursor[0]}; advances the cursor. */
    private static int integer(byte[] data, int[] cursor, int prefix) {
        int max = (1 << prefix) - 1;
        int value = data[cursor[0]++] & max;
        if (value < max) {
            return value;
        }
        int shift = 0;
        int b;
        do {
            b = data[cursor[0]++] & 0xff;
            value += (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }

    /** Decodes a Huffman-coded status: three digits, '0' to '2' in 5 bits, '3' to '9' in 6 (RFC 7541, App. B). */
    private static String huffmanDigits(byte[] data, int offset, int length) {
        long bits = 0;
        for (int i = 0; i < length; i++) {
            bits = (bits << 8) | (data[offset + i] & 0xff);
        }
        int available = length * 8;
        StringBuilder digits = new StringBuilder();
        while (digits.length() < 3) {
            int five = (int) (bits >>> (available - 5)) & 0x1f;
            if (five <= 2) {
                digits.append((char) ('0' + five));
                available -= 5;
            } else {
                int six = (int) (bits >>> (available - 6)) & 0x3f;
                if (six < 0x19 || six > 0x1f) {
                    throw new IllegalStateException("not a Huffman-coded status");
                }
                digits.append((char) ('3' + six - 0x19));
                available -= 6;
            }
        }
        return digits.toString();
    }

    private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
        // literal without indexing, indexed name (4-bit prefix), raw value (7-bit length prefix)
        writeInteger(block, 0x00, 4, nameIndex);
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        writeInteger(block, 0x00, 7, bytes.length);
        block.write(bytes, 0, bytes.length);
    }

    private static void writeInteger(ByteArrayOutputStream block, int pattern, int prefix, int value) {
        int max = (1 << prefix) - 1;
        if (value < max) {
            block.write(pattern | value);
            return;
        }
        block.write(pattern | max);
        value -= max;
        while (value >= 0x80) {
            block.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        block.write(value);
    }

    private static int int32(byte[] data, int offset) {
        return ((data[offset] & 0xff) << 24) | ((data[offset + 1] & 0xff) << 16) | ((data[offset + 2] & 0xff) << 8)
                | (data[offset + 3] & 0xff);
    }
}
