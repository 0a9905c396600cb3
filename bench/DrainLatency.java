import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Exit latency, from the client's side: one request of 1 s in flight at SIGTERM, then the time from the moment
 * the client has the whole response to the process's end (seen through the parent's wait for it), and where
 * that time goes, timed by the parent as the agent's phase lines arrive: the drain's end, the application's
 * shutdown hooks done, the close done, the summary line. Also the idle shutdown (SIGTERM to exit, nothing in
 * flight) with and without the agent. Runs interleaved per round; medians with the range in brackets.
 *
 * <p>Usage: {@code java bench/DrainLatency.java <agent jar> <runs> <testbed jar>...}; the testbeds' environment
 * is passed on (e.g. {@code DB_URL}), {@code JOB_PERIOD_MS} is 0 unless set. A testbed is ready at its first line
 * containing {@code READY_LINE} (default "ready on port").
 *
 * <p>A consumer testbed answers no request: with {@code SEND_WORK} (a shell command that sends it one message of
 * about 1 s of work, e.g. through {@code bench/Publish.java}) the unit of work is that message instead, SIGTERM
 * comes 300 ms after the testbed's line containing {@code WORK_STARTED_LINE}, and the "last response" is its line
 * containing {@code WORK_DONE_LINE} (the work ended, before its ack or commit).
 */
public class DrainLatency {
    private static final String READY_LINE = System.getenv().getOrDefault("READY_LINE", "ready on port");
    /** The agent's line that ends each step, and the step's name in the table. */
    private static final String[][] STEPS = {
        {"drain done", "drain end"},
        {"application hooks done", "hooks done"},
        {"close done", "close done"},
        {"summary:", "summary"},
    };

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args[0]).toAbsolutePath();
        int runs = Integer.parseInt(args[1]);
        System.out.printf("java %s, load average at start %s%n", System.getProperty("java.version"), loadAverage());
        StringBuilder head = new StringBuilder("| testbed | runs | exit codes |");
        for (String[] step : STEPS) {
            head.append(" last response → ").append(step[1]).append(" |");
        }
        head.append(" **last response → exit** | idle SIGTERM → exit, agent | idle SIGTERM → exit, no agent |");
        System.out.println(head);
        System.out.println("|---".repeat(STEPS.length + 6) + "|");
        for (int t = 2; t < args.length; t++) {
            Path testbed = Path.of(args[t]).toAbsolutePath();
            List<double[]> afterLast = new ArrayList<>();
            List<Double> idleWith = new ArrayList<>();
            List<Double> idleWithout = new ArrayList<>();
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                afterLast.add(afterLastResponse(testbed, agent, codes));
                idleWith.add(idle(testbed, agent));
                idleWithout.add(idle(testbed, null));
            }
            StringBuilder row = new StringBuilder("| " + testbed.getFileName() + " | " + runs + " | " + codes + " |");
            for (int s = 0; s <= STEPS.length; s++) {
                List<Double> values = new ArrayList<>();
                for (double[] r : afterLast) {
                    values.add(r[s]);
                }
                row.append(' ').append(summary(values)).append(" |");
            }
            row.append(' ').append(summary(idleWith)).append(" | ").append(summary(idleWithout)).append(" |");
            System.out.println(row);
        }
        System.out.printf("load average at end %s%n", loadAverage());
    }

    /** Milliseconds from the client's last response to each step, the last element to the process's end. */
    static double[] afterLastResponse(Path testbed, Path agent, List<Integer> codes) throws Exception {
        Launched service = Launched.start(testbed, agent);
        String sendWork = System.getenv("SEND_WORK");
        long last = sendWork == null ? afterRequestInFlight(service) : afterMessageInFlight(service, sendWork);
        long end = service.awaitEnd();
        codes.add(service.process.exitValue());
        double[] millis = new double[STEPS.length + 1];
        for (int s = 0; s < STEPS.length; s++) {
            Long seen = service.firstLineContaining(STEPS[s][0]);
            millis[s] = seen == null ? Double.NaN : (seen - last) / 1e6;
        }
        millis[STEPS.length] = (end - last) / 1e6;
        return millis;
    }

    /** SIGTERM with a 1 s request in flight; when the client had the whole response. */
    static long afterRequestInFlight(Launched service) throws Exception {
        get(service.port, "/work?ms=0");
        CompletableFuture<Long> answered = CompletableFuture.supplyAsync(() -> {
            get(service.port, "/work?ms=1000");
            return System.nanoTime();
        });
        TimeUnit.MILLISECONDS.sleep(300);
        service.process.toHandle().destroy();
        return answered.get(30, TimeUnit.SECONDS);
    }

    /** SIGTERM with one message's work in flight; when the testbed said its work was done. */
    static long afterMessageInFlight(Launched service, String sendWork) throws Exception {
        Process send = new ProcessBuilder("sh", "-c", sendWork).inheritIO().start();
        if (!send.waitFor(60, TimeUnit.SECONDS) || send.exitValue() != 0) {
            throw new IllegalStateException("SEND_WORK failed: " + sendWork);
        }
        service.awaitLine(System.getenv("WORK_STARTED_LINE"));
        TimeUnit.MILLISECONDS.sleep(300);
        service.process.toHandle().destroy();
        return service.awaitLine(System.getenv("WORK_DONE_LINE"));
    }

    static double idle(Path testbed, Path agent) throws Exception {
        Launched service = Launched.start(testbed, agent);
        long signalled = System.nanoTime();
        service.process.toHandle().destroy();
        return (service.awaitEnd() - signalled) / 1e6;
    }

    /** A testbed process whose output lines are kept with the time they arrived. */
    static final class Launched {
        final Process process;
        final int port;
        final List<Object[]> lines = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch ready = new CountDownLatch(1);
        final CompletableFuture<Long> end;
        final Thread reader;

        private Launched(Process process, int port) {
            this.process = process;
            this.port = port;
            this.end = process.onExit().thenApply(p -> System.nanoTime());
            this.reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(new Object[] {System.nanoTime(), line});
                        if (line.contains(READY_LINE)) {
                            ready.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.start();
        }

        static Launched start(Path testbed, Path agent) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            if (agent != null) {
                command.add("-javaagent:" + agent);
            }
            command.addAll(List.of("-jar", testbed.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).directory(testbed.getParent().toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("PORT", Integer.toString(port));
            env.putIfAbsent("JOB_PERIOD_MS", "0");
            Launched launched = new Launched(pb.start(), port);
            if (!launched.ready.await(60, TimeUnit.SECONDS)) {
                launched.process.destroyForcibly();
                throw new IllegalStateException("not ready: " + command);
            }
            return launched;
        }

        long awaitEnd() throws Exception {
            long at = end.get(60, TimeUnit.SECONDS);
            reader.join();
            return at;
        }

        /** When the first line containing {@code text} arrived, waiting for it up to 30 s. */
        long awaitLine(String text) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Long seen;
            while ((seen = firstLineContaining(text)) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no line containing \"" + text + "\" within 30 s");
                }
                Thread.sleep(1);
            }
            return seen;
        }

        Long firstLineContaining(String text) {
            synchronized (lines) {
                for (Object[] line : lines) {
                    if (((String) line[1]).contains(text)) {
                        return (Long) line[0];
                    }
                }
            }
            return null;
        }
    }

    /** One request on a fresh connection, read to the end of the response (Connection: close). */
    static void get(int port, String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!response.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("not a 200: " + response);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    /** median [min–max] in milliseconds */
    static String summary(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return String.format("%.0f ms [%.0f–%.0f]", median, sorted.get(0), sorted.get(sorted.size() - 1));
    }
}
