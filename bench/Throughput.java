import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput and p99 latency of a trivial endpoint (GET /work?ms=0) under wrk, with and without the agent,
 * runs interleaved; medians and ratios. For testbed-grpc, unary calls of 0 ms from bench/GrpcLoad.java instead
 * of wrk (run from the repository's root). Also the server's CPU time per request: wrk and the server share the
 * cores, so CPU per request shows the agent's cost more steadily than requests per second do.
 * Usage: java -cp testbed-support/target/classes bench/Throughput.java <testbed jar> <agent jar> [runs] [seconds]
 */
public class Throughput {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern P99 = Pattern.compile("99%\\s+([\\d.]+)(us|ms|s)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

    public static void main(String[] args) throws Exception {
        Path testbed = Path.of(args[0]).toAbsolutePath();
        System.setProperty("agent.jar", Path.of(args[1]).toAbsolutePath().toString());
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        List<double[]> without = new ArrayList<>();
        List<double[]> with = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            without.add(measure(ServiceProcess.builder(testbed).withoutAgent(), testbed, seconds));
            with.add(measure(ServiceProcess.builder(testbed), testbed, seconds));
            double[] a = without.get(i), b = with.get(i);
            System.err.printf("run %d: no agent %.0f req/s, p99 %.2f ms, %.1f µs CPU/request; agent %.0f req/s,"
                    + " p99 %.2f ms, %.1f µs CPU/request%n", i + 1, a[0], a[1], a[2], b[0], b[1], b[2]);
        }
        double r0 = median(without, 0), r1 = median(with, 0), p0 = median(without, 1), p1 = median(with, 1);
        double c0 = median(without, 2), c1 = median(with, 2);
        System.out.printf("| %s | %d × %d s | %.0f | %.0f | %.3f× | %.2f ms | %.2f ms | %.3f× | %.1f µs | %.1f µs"
                        + " | %.3f× |%n", testbed.getFileName(), runs, seconds, r0, r1, r1 / r0, p0, p1, p1 / p0,
                c0, c1, c1 / c0);
    }

    /** {requests per second, p99 in ms, server CPU µs per request} after a warm-up as long as the measurement. */
    static double[] measure(ServiceProcess.Builder builder, Path testbed, int seconds) throws Exception {
        try (ServiceProcess service = builder.start()) {
            String url = "http://127.0.0.1:" + service.port() + "/work?ms=0";
            load(testbed, url, seconds);
            long cpuBefore = ServiceProcess.cpuMillis(service.pid());
            String out = load(testbed, url, seconds);
            long cpu = ServiceProcess.cpuMillis(service.pid()) - cpuBefore;
            service.sigterm();
            service.awaitExit(Duration.ofSeconds(30));
            return new double[] {number(RPS, out), p99Millis(out), cpu * 1000.0 / number(REQUESTS, out)};
        }
    }

    /** wrk's output, or GrpcLoad's lines in wrk's format for a gRPC testbed. */
    static String load(Path testbed, String url, int seconds) throws Exception {
        ProcessBuilder command = testbed.getFileName().toString().startsWith("testbed-grpc")
                ? new ProcessBuilder(ServiceProcess.javaBinary(), "-cp", testbed.toString(), "bench/GrpcLoad.java", url,
                        Integer.toString(seconds))
                : new ProcessBuilder("wrk", "-t1", "-c32", "-d" + seconds + "s", "--latency", url);
        Process process = command.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    static double number(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    static double p99Millis(String text) {
        Matcher m = P99.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no p99 in wrk output:\n" + text);
        }
        double value = Double.parseDouble(m.group(1));
        return m.group(2).equals("us") ? value / 1000 : m.group(2).equals("s") ? value * 1000 : value;
    }

    static double median(List<double[]> samples, int index) {
        List<Double> values = new ArrayList<>();
        for (double[] s : samples) {
            values.add(s[index]);
        }
        Collections.sort(values);
        return values.get(values.size() / 2);
    }
}
