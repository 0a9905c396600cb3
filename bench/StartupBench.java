import dev.gracefulagent.testbed.support.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * Start-up cost of the agent: time from launching the JVM to the first 200 response, and peak RSS (VmHWM)
 * at that moment, with and without the agent, runs interleaved so both see the same machine state.
 * Usage: java bench/StartupBench.java <testbed jar> <agent jar> [runs]
 */
public class StartupBench {
    public static void main(String[] args) throws Exception {
        Path testbed = Path.of(args[0]).toAbsolutePath();
        Path agent = Path.of(args[1]).toAbsolutePath();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 11;
        List<long[]> without = new ArrayList<>();
        List<long[]> with = new ArrayList<>();
        measure(testbed, null); // warm the page cache for both jars
        measure(testbed, agent);
        for (int i = 0; i < runs; i++) {
            without.add(measure(testbed, null));
            with.add(measure(testbed, agent));
        }
        long t0 = median(without, 0), t1 = median(with, 0);
        long r0 = median(without, 1), r1 = median(with, 1);
        long c0 = median(without, 2), c1 = median(with, 2);
        System.out.printf("| %s | %d | %.1f ms | %.1f ms | %.3f× | %d ms | %d ms | %.3f× | %.1f MiB | %.1f MiB | %+.1f MiB |%n",
                testbed.getFileName(), runs, t0 / 1e6, t1 / 1e6, (double) t1 / t0, c0, c1, (double) c1 / c0,
                r0 / 1024.0, r1 / 1024.0, (r1 - r0) / 1024.0);
    }

    /** {nanos to first 200, peak RSS in KiB, CPU milliseconds} */
    static long[] measure(Path testbed, Path agent) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (agent != null) {
            command.add("-javaagent:" + agent);
        }
        command.addAll(List.of("-jar", testbed.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        long start = System.nanoTime();
        Process process = pb.start();
        try {
            while (!answers200(port)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("testbed exited with " + process.exitValue());
                }
                Thread.sleep(2);
            }
            long elapsed = System.nanoTime() - start;
            return new long[] {elapsed, peakRssKib(process.pid()), ServiceProcess.cpuMillis(process.pid())};
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    static boolean answers200(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /work?ms=0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            return new String(head, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    static long peakRssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmHWM for " + pid);
    }

    static long median(List<long[]> samples, int index) {
        List<Long> values = new ArrayList<>();
        for (long[] s : samples) {
            values.add(s[index]);
        }
        Collections.sort(values);
        return values.get(values.size() / 2);
    }
}
