import dev.gracefulagent.testbed.support.ServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scale at SIGTERM: 1,000 async requests in flight, 10,000 idle keep-alive connections, 5,000 WebSocket sessions,
 * each scenario on its own in a fresh testbed, with the agent and without it, runs interleaved. All client
 * connections live in one NIO selector on one thread (no thread per connection), which also timestamps what
 * arrives: the time a select returns stands for every event it returns.
 * <p>
 * Reported per scenario: how many units were handled (a complete 200; a clean EOF on an idle connection; a close
 * frame with 1001), exit codes, and medians of: the last unit (last response, last idle connection closed, last
 * close frame) → exit, SIGTERM → exit, and the agent's own stop intake, drain and close phases from its log.
 * <p>
 * Usage: java -cp testbed-support/target/classes bench/Scale.java <testbed jar> <agent jar> [runs] [scenario...]
 * with scenarios async, idle, ws (default all three). The testbed needs an open file limit above 10,000.
 * {@code -Dscale.testbedOptions="..."} adds JVM options to the testbeds, e.g. a flight recording to see where a
 * phase spends its time.
 */
public class Scale {
    private static final int ASYNC = 1_000;
    private static final int IDLE = 10_000;
    private static final int SESSIONS = 5_000;
    /**
     * Long enough that every async request is still in flight when the signal comes after all are sent;
     * {@code -Dscale.asyncMs=N} raises it on a machine so loaded that sending takes longer than half of it.
     */
    private static final int ASYNC_MS = Integer.getInteger("scale.asyncMs", 10_000);
    /** Connections being set up at once: the server's accept queue (50 for Jetty's default) is never overrun. */
    private static final int MAX_PENDING = 32;
    private static final Duration END_WAIT = Duration.ofSeconds(60);
    private static final Pattern PHASE = Pattern.compile("\\[graceful\\] (stop intake|drain|close) done in (\\d+) ms");

    public static void main(String[] args) throws Exception {
        Path testbed = Path.of(args[0]).toAbsolutePath();
        System.setProperty("agent.jar", Path.of(args[1]).toAbsolutePath().toString());
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> scenarios = args.length > 3 ? List.of(args).subList(3, args.length) : List.of("async", "idle", "ws");
        System.out.println("| testbed | scenario | runs | handled, agent | exit, agent | last unit → exit | "
                + "SIGTERM → exit | stop intake | drain | close | handled, no agent | exit, no agent | "
                + "SIGTERM → exit, no agent |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String name : scenarios) {
            Scenario scenario = Scenario.valueOf(name.toUpperCase(Locale.ROOT));
            List<Outcome> with = new ArrayList<>();
            List<Outcome> without = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                without.add(run(scenario, ServiceProcess.builder(testbed).withoutAgent()));
                with.add(run(scenario, ServiceProcess.builder(testbed)));
                System.err.println(name + " run " + (i + 1) + ": no agent " + without.get(i) + "; agent " + with.get(i));
            }
            System.out.printf("| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    testbed.getFileName(), scenario.label, runs, handled(with), exits(with),
                    millis(with, o -> o.lastUnitToExit), millis(with, o -> o.sigtermToExit),
                    millis(with, o -> o.stopIntake), millis(with, o -> o.drain), millis(with, o -> o.close),
                    handled(without), exits(without), millis(without, o -> o.sigtermToExit));
        }
    }

    enum Scenario {
        /** Set up as idle keep-alive connections; then the async request goes out on all of them at once. */
        ASYNC("1,000 async", Scale.ASYNC, "/work?ms=0"),
        IDLE("10,000 idle keep-alive", Scale.IDLE, "/work?ms=0"),
        WS("5,000 WebSocket", SESSIONS, "/ws/echo");

        final String label;
        final int count;
        final String path;

        Scenario(String label, int count, String path) {
            this.label = label;
            this.count = count;
            this.path = path;
        }

        /** The request that sets a connection up; it counts as set up once answered. */
        byte[] setUpRequest(int port) {
            return request(path, port);
        }

        byte[] request(String path, int port) {
            String head = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n";
            if (this == WS) {
                head += "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
            }
            return (head + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }

        boolean handled(Conn conn) {
            switch (this) {
                case ASYNC:
                    return conn.status == 200 && conn.body.equals("done");
                case IDLE:
                    return conn.status == 200 && conn.eofNanos != 0 && !conn.reset && conn.unexpectedBytes == 0;
                default:
                    return conn.closeCode == 1001;
            }
        }

        /** When the client saw the unit end: its response, its connection's EOF, its close frame; 0 if never. */
        long unitEndNanos(Conn conn) {
            return this == ASYNC ? conn.answerNanos : this == IDLE ? conn.eofNanos : conn.closeFrameNanos;
        }
    }

    /** One run's figures; millisecond figures are null where they do not apply. */
    record Outcome(int handled, int total, int exit, Long lastUnitToExit, long sigtermToExit, Long stopIntake,
                   Long drain, Long close) {
        @Override
        public String toString() {
            return handled + "/" + total + " handled, exit " + exit + ", last unit → exit " + lastUnitToExit
                    + " ms, SIGTERM → exit " + sigtermToExit + " ms, stop intake " + stopIntake + " ms, drain "
                    + drain + " ms, close " + close + " ms";
        }
    }

    static Outcome run(Scenario scenario, ServiceProcess.Builder builder) throws Exception {
        builder.env("JOB_PERIOD_MS", "0").env("MAX_CONNECTIONS", Integer.toString(IDLE + 1_000));
        String options = System.getProperty("scale.testbedOptions");
        if (options != null) {
            for (String option : options.split(" ")) {
                builder.jvmOption(option);
            }
        }
        try (ServiceProcess service = builder.start(); Clients clients = new Clients(scenario, service.port())) {
            long setUpStart = System.nanoTime();
            clients.openAll();
            System.err.println("  set up in " + toMillis(System.nanoTime() - setUpStart) + " ms");
            long sentNanos = System.nanoTime();
            if (scenario == Scenario.ASYNC) {
                clients.sendToAll(scenario.request("/async?ms=" + ASYNC_MS, service.port()));
                awaitAllRead(service.port(), scenario.count, sentNanos + TimeUnit.MILLISECONDS.toNanos(ASYNC_MS / 2));
                System.err.println("  async requests sent and read in " + toMillis(System.nanoTime() - sentNanos)
                        + " ms");
            }
            TimeUnit.MILLISECONDS.sleep(300); // the last requests reach their handlers, the connections settle
            long signalled = System.nanoTime();
            if (signalled - sentNanos > TimeUnit.MILLISECONDS.toNanos(ASYNC_MS / 2)) {
                throw new IllegalStateException("async requests sent too slowly; raise -Dscale.asyncMs");
            }
            service.sigterm();
            clients.pumpUntilAllEnded(service, signalled + END_WAIT.toNanos());
            int exit = service.awaitExit(END_WAIT);
            long exitNanos = service.exitNanos();
            int handled = 0;
            long firstUnit = Long.MAX_VALUE;
            long lastUnit = 0;
            long lastEof = 0;
            for (Conn conn : clients.conns) {
                if (scenario.handled(conn)) {
                    handled++;
                }
                long unitEnd = scenario.unitEndNanos(conn);
                if (unitEnd != 0) {
                    firstUnit = Math.min(firstUnit, unitEnd);
                    lastUnit = Math.max(lastUnit, unitEnd);
                }
                lastEof = Math.max(lastEof, conn.eofNanos);
            }
            if (lastUnit != 0) {
                System.err.println("  after SIGTERM: units ended from +" + toMillis(firstUnit - signalled) + " to +"
                        + toMillis(lastUnit - signalled) + " ms, last EOF +" + toMillis(lastEof - signalled)
                        + " ms, exit +" + toMillis(exitNanos - signalled) + " ms");
            }
            List<String> log = service.stderr().lines();
            log.stream().filter(line -> line.startsWith("[graceful]")).forEach(line -> System.err.println("  " + line));
            return new Outcome(handled, scenario.count, exit, lastUnit == 0 ? null : toMillis(exitNanos - lastUnit),
                    toMillis(exitNanos - signalled), phaseMillis(log, "stop intake"), phaseMillis(log, "drain"),
                    phaseMillis(log, "close"));
        }
    }

    /**
     * Waits until the server has read everything sent on its {@code connections} connections: the kernel shows
     * their server ends established with empty receive queues. A cold JVM takes a while to read 1,000 requests.
     */
    static void awaitAllRead(int port, int connections, long deadline) throws Exception {
        String localPort = String.format(":%04X ", port);
        while (true) {
            int read = 0;
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // local address, remote address, state (01: established), tx_queue:rx_queue
                    if (f.length > 4 && (f[1] + " ").endsWith(localPort) && f[3].equals("01")
                            && f[4].endsWith(":00000000")) {
                        read++;
                    }
                }
            }
            if (read >= connections) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server read the requests of only " + read
                        + " connections; raise -Dscale.asyncMs");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    static Long phaseMillis(List<String> log, String phase) {
        for (String line : log) {
            Matcher m = PHASE.matcher(line);
            if (m.find() && m.group(1).equals(phase)) {
                return Long.parseLong(m.group(2));
            }
        }
        return null;
    }

    static long toMillis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** "5000/5000" when every run handled all, else the worst run's count. */
    static String handled(List<Outcome> outcomes) {
        Outcome worst = Collections.min(outcomes, (a, b) -> Integer.compare(a.handled, b.handled));
        return worst.handled + "/" + worst.total;
    }

    static String exits(List<Outcome> outcomes) {
        TreeSet<Integer> codes = new TreeSet<>();
        outcomes.forEach(o -> codes.add(o.exit));
        return codes.toString().replaceAll("[\\[\\]]", "");
    }

    /** "74 ms (61–90)": median and range over the runs, "–" where the figure does not apply. */
    static String millis(List<Outcome> outcomes, Function<Outcome, Long> figure) {
        List<Long> values = new ArrayList<>();
        for (Outcome o : outcomes) {
            Long v = figure.apply(o);
            if (v != null) {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            return "–";
        }
        Collections.sort(values);
        long median = values.get(values.size() / 2);
        return values.size() == 1 ? median + " ms"
                : median + " ms (" + values.get(0) + "–" + values.get(values.size() - 1) + ")";
    }

    /** What one client connection has seen. */
    static final class Conn {
        final SocketChannel channel;
        ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(2048);
        SelectionKey key;
        boolean setUp;
        int status;
        String body = "";
        long answerNanos;
        long closeFrameNanos;
        int closeCode = -1;
        long eofNanos;
        boolean reset;
        int unexpectedBytes;

        Conn(SocketChannel channel, byte[] request) {
            this.channel = channel;
            this.out = ByteBuffer.wrap(request);
        }

        /** A second request on the connection: what was seen of the first one is forgotten. */
        void send(byte[] request) {
            out = ByteBuffer.wrap(request);
            status = 0;
            body = "";
            answerNanos = 0;
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    /** The scenario's connections on one selector, driven by the calling thread. */
    static final class Clients implements AutoCloseable {
        private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
        private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

        final List<Conn> conns = new ArrayList<>();
        private final Scenario scenario;
        private final InetSocketAddress address;
        private final byte[] request;
        private final Selector selector = Selector.open();
        private int pending;
        private int ended;
        private int unsent;

        Clients(Scenario scenario, int port) throws IOException {
            this.scenario = scenario;
            this.address = new InetSocketAddress("127.0.0.1", port);
            this.request = scenario.setUpRequest(port);
        }

        /** Opens every connection, at most MAX_PENDING being set up at a time, until all are set up. */
        void openAll() throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (conns.size() < scenario.count || pending > 0) {
                while (conns.size() < scenario.count && pending < MAX_PENDING) {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    Conn conn = new Conn(channel, request);
                    conns.add(conn);
                    pending++;
                    conn.key = channel.register(selector,
                            channel.connect(address) ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, conn);
                }
                pump(100);
                if (ended > 0) {
                    throw new IllegalStateException(ended + " connection(s) ended while being set up");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("set-up too slow: " + pending + " still pending");
                }
            }
        }

        /** Handles events until every connection ended (EOF or error) and the process exited, or the deadline. */
        void pumpUntilAllEnded(ServiceProcess service, long deadlineNanos) throws IOException {
            while ((ended < conns.size() || service.isAlive()) && System.nanoTime() < deadlineNanos) {
                pump(10);
            }
        }

        private void pump(long timeoutMillis) throws IOException {
            selector.select(timeoutMillis);
            long now = System.nanoTime();
            for (SelectionKey key : selector.selectedKeys()) {
                Conn conn = (Conn) key.attachment();
                try {
                    if (key.isValid() && key.isConnectable() && conn.channel.finishConnect()) {
                        key.interestOps(SelectionKey.OP_WRITE);
                    }
                    if (key.isValid() && key.isWritable()) {
                        write(key, conn);
                    }
                    if (key.isValid() && key.isReadable()) {
                        read(key, conn, now);
                    }
                } catch (IOException e) {
                    conn.reset = true;
                    end(key, conn);
                }
            }
            selector.selectedKeys().clear();
        }

        private void write(SelectionKey key, Conn conn) throws IOException {
            conn.channel.write(conn.out);
            if (conn.out.hasRemaining()) {
                return;
            }
            key.interestOps(SelectionKey.OP_READ);
            if (conn.setUp) {
                unsent--;
            }
        }

        /** Sends the request on every connection, as fast as the sockets take it. */
        void sendToAll(byte[] request) throws IOException {
            unsent = conns.size();
            for (Conn conn : conns) {
                conn.send(request);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (unsent > 0) {
                pump(100);
                if (ended > 0 || System.nanoTime() > deadline) {
                    throw new IllegalStateException(unsent + " request(s) not sent, " + ended + " connection(s) ended");
                }
            }
        }

        private void read(SelectionKey key, Conn conn, long now) throws IOException {
            int n = conn.channel.read(conn.in);
            if (n < 0) {
                conn.eofNanos = now;
                end(key, conn);
                return;
            }
            conn.in.flip();
            if (conn.status == 0) {
                readHead(conn, now);
            }
            if (conn.status != 0) {
                if (scenario == Scenario.WS) {
                    readFrames(conn, now);
                } else {
                    conn.unexpectedBytes += conn.in.remaining(); // nothing more was asked for
                    conn.in.position(conn.in.limit());
                }
            }
            conn.in.compact();
        }

        /** Status line, headers and Content-Length body of the one response; leaves the buffer as it is until whole. */
        private void readHead(Conn conn, long now) {
            int headEnd = indexOf(conn.in, HEAD_END);
            if (headEnd < 0) {
                return;
            }
            String head = new String(conn.in.array(), conn.in.position(), headEnd - conn.in.position(),
                    StandardCharsets.ISO_8859_1);
            int length = contentLength(head);
            int bodyStart = headEnd + HEAD_END.length;
            if (conn.in.limit() - bodyStart < length) {
                return;
            }
            conn.status = Integer.parseInt(head.substring(9, 12));
            conn.body = new String(conn.in.array(), bodyStart, length, StandardCharsets.ISO_8859_1);
            conn.in.position(bodyStart + length);
            conn.answerNanos = now;
            settled(conn);
        }

        /** Server frames are unmasked; a close frame is answered with a masked close frame of the same code. */
        private void readFrames(Conn conn, long now) throws IOException {
            ByteBuffer in = conn.in;
            while (in.remaining() >= 2) {
                int start = in.position();
                int opcode = in.get(start) & 0x0F;
                int length = in.get(start + 1) & 0x7F;
                int header = 2;
                if (length == 126) {
                    if (in.remaining() < 4) {
                        return;
                    }
                    length = in.getShort(start + 2) & 0xFFFF;
                    header = 4;
                } else if (length == 127) {
                    throw new IOException("unexpected large frame");
                }
                if (in.remaining() < header + length) {
                    return;
                }
                if (opcode == 0x8 && conn.closeFrameNanos == 0) {
                    conn.closeFrameNanos = now;
                    conn.closeCode = length >= 2 ? in.getShort(start + header) & 0xFFFF : 1005;
                    replyClose(conn);
                }
                in.position(start + header + length);
            }
        }

        private void replyClose(Conn conn) throws IOException {
            ByteBuffer frame = ByteBuffer.allocate(8);
            frame.put((byte) 0x88).put((byte) 0x82).put(MASK);
            frame.put((byte) ((conn.closeCode >> 8) ^ MASK[0])).put((byte) ((conn.closeCode & 0xFF) ^ MASK[1]));
            frame.flip();
            conn.channel.write(frame); // 8 bytes into an empty send buffer
        }

        /** Counts the connection as set up once it is; an unexpected answer (a 404, a refused upgrade) stops the run. */
        private void settled(Conn conn) {
            if (conn.setUp) {
                return;
            }
            int expected = scenario == Scenario.WS ? 101 : 200;
            if (conn.status != 0 && conn.status != expected) {
                throw new IllegalStateException("set-up answered " + conn.status + ", expected " + expected);
            }
            conn.setUp = true;
            pending--;
        }

        private void end(SelectionKey key, Conn conn) throws IOException {
            key.cancel();
            conn.channel.close();
            ended++;
        }

        private static int indexOf(ByteBuffer buffer, byte[] needle) {
            byte[] a = buffer.array();
            for (int i = buffer.position(); i <= buffer.limit() - needle.length; i++) {
                if (a[i] == needle[0] && a[i + 1] == needle[1] && a[i + 2] == needle[2] && a[i + 3] == needle[3]) {
                    return i;
                }
            }
            return -1;
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    return Integer.parseInt(line.substring(15).trim());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            for (Conn conn : conns) {
                conn.channel.close();
            }
            selector.close();
        }
    }
}
