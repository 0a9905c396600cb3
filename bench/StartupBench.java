import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;

/**
 * Start-up cost of the agent: CPU time (user + system) until the first 200 response, wall time until then, and
 * peak RSS (VmHWM) at that moment, for four launches of the same testbed: without an agent; with an empty
 * {@code -javaagent} (a premain that does nothing: the JVM's own cost of having an agent at all); with an agent
 * whose premain only registers a class file transformer that returns null (the JVM's cost of any agent that
 * weaves: it hands every class loaded from then on to the transformer); and with the agent. Each round runs the
 * four once, in an order that rotates from round to round, so that a change of load hits them alike; ratios are
 * taken within a round (paired) and their median and range printed.
 *
 * <p>Usage: {@code java bench/StartupBench.java <agent jar> <runs> <testbed jar>...}; {@code AGENT_ARGS} is
 * appended to the agent's {@code -javaagent} option (e.g. {@code exclude=executor}). With {@code BASELINE_AGENT}
 * (another agent jar, e.g. a build of the previous commit; {@code BASELINE_ARGS} its arguments) a fifth launch per
 * round runs it, and two more columns compare the agent with it, paired like the others. A testbed that does not
 * answer HTTP/1 (testbed-grpc) is measured at the first line of its output containing {@code READY_LINE} instead
 * (e.g. {@code READY_LINE="ready on port"}). In the testbed's environment, {@code {launch}} is replaced by a value of
 * each launch's own (e.g. {@code GROUP='startup-{launch}'}: a Kafka consumer group per launch).
 *
 * <p>{@code java bench/StartupBench.java --threads <testbed jar> <runs> <variant>...}: the start-up CPU by kind of
 * thread instead, for each variant: "none", "empty" (the empty agent), or JVM options separated by spaces (e.g.
 * {@code "-javaagent:agent/target/graceful-agent.jar=exclude=hikari"}).
 *
 * <p>{@code java bench/StartupBench.java --allocation <agent jar> [agent arguments]...}: the bytes allocated before
 * the application's main (premain's share of the peak RSS), against no agent, the empty agent and the null transformer.
 *
 * <p>{@code java bench/StartupBench.java --memory <testbed jar> <runs> <variant>...}: where the resident memory is at
 * the first 200, for each variant as in {@code --threads}: peak RSS, the resident part
 * of the Java heap, of the other anonymous memory and of files (smaps), and what Native Memory Tracking counts as
 * committed outside the heap by category; medians over the runs, launched interleaved, all with NMT on.
 */
public class StartupBench {
    private static final int NONE = 0;
    private static final int EMPTY = 1;
    private static final int TRANSFORMER = 2;
    private static final int AGENT = 3;
    private static final int BASELINE = 4;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--threads")) {
            byThread(Path.of(args[1]).toAbsolutePath(), Integer.parseInt(args[2]),
                    Arrays.asList(args).subList(3, args.length));
            return;
        }
        if (args[0].equals("--memory")) {
            byMemoryKind(Path.of(args[1]).toAbsolutePath(), Integer.parseInt(args[2]),
                    Arrays.asList(args).subList(3, args.length));
            return;
        }
        if (args[0].equals("--allocation")) {
            allocatedBeforeMain(Path.of(args[1]).toAbsolutePath(), Arrays.asList(args).subList(2, args.length));
            return;
        }
        Path agent = Path.of(args[0]).toAbsolutePath();
        int runs = Integer.parseInt(args[1]);
        String agentArgs = System.getenv("AGENT_ARGS");
        String baseline = System.getenv("BASELINE_AGENT");
        String baselineArgs = System.getenv("BASELINE_ARGS");
        Path empty = emptyAgent();
        Path transformer = nullTransformerAgent();
        System.out.printf("java %s, load average at start %s%n", System.getProperty("java.version"), loadAverage());
        System.out.println("| testbed | runs | CPU no agent | CPU agent | **CPU agent/none** | CPU empty/none"
                + " | CPU null transformer/none | CPU agent/null transformer | wall agent/none | RSS no agent | RSS agent"
                + " | **RSS agent−none** | RSS empty−none | RSS null transformer−none |"
                + (baseline == null ? "" : " CPU agent/baseline | RSS agent−baseline |"));
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|" + (baseline == null ? "" : "---|---|"));
        for (int t = 2; t < args.length; t++) {
            Path testbed = Path.of(args[t]).toAbsolutePath();
            List<Run[]> rounds = new ArrayList<>();
            List<String> variants = new ArrayList<>(List.of("", "-javaagent:" + empty, "-javaagent:" + transformer,
                "-javaagent:" + agent + (agentArgs == null ? "" : "=" + agentArgs)));
            if (baseline != null) {
                variants.add("-javaagent:" + Path.of(baseline).toAbsolutePath()
                        + (baselineArgs == null ? "" : "=" + baselineArgs));
            }
            String[] options = variants.toArray(new String[0]);
            options[NONE] = null;
            for (String option : options) {
                measure(testbed, option); // page cache and CDS archive warm for every variant
            }
            for (int round = 0; round < runs; round++) {
                Run[] r = new Run[options.length];
                for (int k = 0; k < options.length; k++) {
                    int v = (round + k) % options.length;
                    r[v] = measure(testbed, options[v]);
                }
                rounds.add(r);
            }
            System.out.printf("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%s%n",
                    testbed.getFileName(), runs,
                    ms(rounds, NONE, r -> r.cpuMillis), ms(rounds, AGENT, r -> r.cpuMillis),
                    ratio(rounds, AGENT, NONE, r -> r.cpuMillis), ratio(rounds, EMPTY, NONE, r -> r.cpuMillis),
                    ratio(rounds, TRANSFORMER, NONE, r -> r.cpuMillis), ratio(rounds, AGENT, TRANSFORMER, r -> r.cpuMillis),
                    ratio(rounds, AGENT, NONE, r -> r.wallNanos), mib(rounds, NONE), mib(rounds, AGENT),
                    delta(rounds, AGENT, NONE), delta(rounds, EMPTY, NONE), delta(rounds, TRANSFORMER, NONE),
                    baseline == null ? "" : " " + ratio(rounds, AGENT, BASELINE, r -> r.cpuMillis) + " | "
                            + delta(rounds, AGENT, BASELINE) + " |");
        }
        System.out.printf("load average at end %s%n", loadAverage());
    }

    /**
     * Where the start-up CPU goes, by thread: each variant ("none", "empty", or JVM options separated by spaces) launched
     * {@code runs} times, interleaved; the mean CPU of each kind of thread (main, the JIT compilers, GC, the
     * server's own) at the first 200.
     */
    static void byThread(Path testbed, int runs, List<String> variants) throws Exception {
        List<Map<String, Long>> totals = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            totals.add(new TreeMap<>());
        }
        for (int run = 0; run < runs; run++) {
            for (int v = 0; v < variants.size(); v++) {
                List<String> options = variantOptions(variants.get(v));
                Map<String, Long> total = totals.get(v);
                atFirst200(testbed, options, StartupBench::cpuByThread).forEach((kind, ms) -> total.merge(kind, ms, Long::sum));
            }
        }
        System.out.println("| thread | " + String.join(" | ", variants) + " |");
        System.out.println("|---|" + "---|".repeat(variants.size()));
        Map<String, Long> all = new TreeMap<>();
        totals.forEach(t -> t.forEach((kind, ms) -> all.merge(kind, ms, Long::sum)));
        all.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() / runs / variants.size() >= 5) // threads that used next to nothing: noise
                .forEach(e -> System.out.println(threadRow(e.getKey(), totals, e.getKey(), runs)));
        System.out.println(threadRow("**total**", totals, null, runs));
    }

    /** CPU milliseconds by kind of thread: "C2 CompilerThread0" and "C2 CompilerThread1" are one kind. */
    static Map<String, Long> cpuByThread(long pid) throws IOException {
        Map<String, Long> byKind = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[#\\d]+$", "").trim();
                byKind.merge(name.equals("java") ? "main" : name, cpuMillisOf(stat), Long::sum);
            }
        }
        return byKind;
    }

    /** Resident memory at the first 200 by kind, median per variant (see the class comment). */
    static void byMemoryKind(Path testbed, int runs, List<String> variants) throws Exception {
        List<Map<String, List<Long>>> samples = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            samples.add(new TreeMap<>());
        }
        for (int run = 0; run < runs; run++) {
            for (int k = 0; k < variants.size(); k++) {
                int v = (run + k) % variants.size();
                List<String> options = new ArrayList<>(List.of("-XX:NativeMemoryTracking=summary"));
                options.addAll(variantOptions(variants.get(v)));
                Map<String, List<Long>> kinds = samples.get(v);
                atFirst200(testbed, options, StartupBench::residentByKind)
                        .forEach((kind, kib) -> kinds.computeIfAbsent(kind, x -> new ArrayList<>()).add(kib));
            }
        }
        System.out.println("| KiB at the first 200 (median of " + runs + ") | " + String.join(" | ", variants) + " |");
        System.out.println("|---|" + "---|".repeat(variants.size()));
        for (String kind : samples.get(0).keySet()) {
            StringBuilder row = new StringBuilder("| " + kind + " |");
            for (Map<String, List<Long>> kinds : samples) {
                List<Long> values = new ArrayList<>(kinds.getOrDefault(kind, List.of(0L)));
                Collections.sort(values);
                row.append(' ').append(values.get(values.size() / 2)).append(" |");
            }
            System.out.println(row);
        }
    }

    /**
     * Peak RSS, then the resident KiB of the heap's range, of other anonymous mappings and of file mappings
     * (/proc/pid/smaps), then NMT's committed KiB per category outside the heap.
     */
    static Map<String, Long> residentByKind(long pid) throws IOException {
        Map<String, Long> kinds = new TreeMap<>();
        kinds.put("1 peak RSS", peakRssKib(pid));
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Matcher heap = Pattern.compile("\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)")
                .matcher(run(jcmd, Long.toString(pid), "GC.heap_info"));
        if (!heap.find()) {
            throw new IllegalStateException("no heap range from GC.heap_info");
        }
        long heapStart = Long.parseUnsignedLong(heap.group(1), 16);
        long heapEnd = Long.parseUnsignedLong(heap.group(2), 16);
        String kind = null;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                long start = Long.parseUnsignedLong(line.substring(0, line.indexOf('-')), 16);
                String[] fields = line.trim().split("\\s+");
                kind = start >= heapStart && start < heapEnd ? "2 heap resident"
                        : fields.length > 5 && fields[5].startsWith("/") ? "4 files resident" : "3 other anonymous resident";
            } else if (line.startsWith("Rss:")) {
                kinds.merge(kind, Long.parseLong(line.replaceAll("\\D", "")), Long::sum);
            }
        }
        Matcher category = Pattern
                .compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)")
                .matcher(run(jcmd, Long.toString(pid), "VM.native_memory", "summary"));
        while (category.find()) {
            if (!category.group(1).equals("Java Heap")) {
                kinds.put("NMT " + category.group(1), Long.parseLong(category.group(2)));
            }
        }
        return kinds;
    }

    static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.onExit().join().exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
        return out;
    }

    /** Mean milliseconds per variant of one kind of thread, or of all of them. */
    static String threadRow(String label, List<Map<String, Long>> totals, String kind, int runs) {
        StringBuilder row = new StringBuilder("| " + label + " |");
        for (Map<String, Long> total : totals) {
            long ms = kind == null ? total.values().stream().mapToLong(Long::longValue).sum() : total.getOrDefault(kind, 0L);
            row.append(' ').append(ms / runs).append(" ms |");
        }
        return row.toString();
    }

    /** A variant's JVM options: "none" has none, "empty" is the empty agent, anything else options split at spaces. */
    static List<String> variantOptions(String variant) throws IOException {
        List<String> options = new ArrayList<>();
        if (variant.equals("empty")) {
            options.add("-javaagent:" + emptyAgent());
        } else if (!variant.equals("none")) {
            for (String option : variant.split(" ")) {
                options.add(absoluteAgentPath(option));
            }
        }
        return options;
    }

    /** The testbed runs in its own directory: "-javaagent:agent.jar=args" with the jar's absolute path. */
    static String absoluteAgentPath(String option) {
        if (!option.startsWith("-javaagent:")) {
            return option;
        }
        String jarAndArgs = option.substring("-javaagent:".length());
        int eq = jarAndArgs.indexOf('=');
        String jar = eq < 0 ? jarAndArgs : jarAndArgs.substring(0, eq);
        return "-javaagent:" + Path.of(jar).toAbsolutePath() + (eq < 0 ? "" : jarAndArgs.substring(eq));
    }

    record Run(long wallNanos, long cpuMillis, long rssKib) {
    }

    static Run measure(Path testbed, String agentOption) throws Exception {
        long start = System.nanoTime();
        return atFirst200(testbed, agentOption == null ? List.of() : List.of(agentOption),
                pid -> new Run(System.nanoTime() - start, cpuMillis(pid), peakRssKib(pid)));
    }

    interface AtFirst200<T> {
        T read(long pid) throws IOException;
    }

    /** Launches the testbed with these JVM options, waits for its first 200 (or READY_LINE), reads it, ends it. */
    static <T> T atFirst200(Path testbed, List<String> jvmOptions, AtFirst200<T> reading) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", testbed.toString()));
        String readyLine = System.getenv("READY_LINE");
        ProcessBuilder pb = new ProcessBuilder(command).directory(testbed.getParent().toFile())
                .redirectOutput(readyLine == null ? Redirect.DISCARD : Redirect.PIPE)
                .redirectError(Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        // "{launch}" in a setting becomes this launch's own value (e.g. a consumer group of its own)
        String launch = Long.toString(System.nanoTime());
        pb.environment().replaceAll((name, value) -> value.replace("{launch}", launch));
        Process process = pb.start();
        try {
            if (readyLine != null) {
                awaitLine(process, readyLine);
            } else {
                while (!answers200(port)) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("testbed exited with " + process.exitValue() + ": " + command);
                    }
                    Thread.sleep(2);
                }
            }
            return reading.read(process.pid());
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    /** Reads the process's output up to the first line containing {@code text}. */
    static void awaitLine(Process process, String text) throws IOException {
        BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.contains(text)) {
                return;
            }
        }
        throw new IllegalStateException("testbed exited with no line containing \"" + text + "\"");
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

    /** User + system CPU time of the whole process (all threads) so far; Linux, USER_HZ 100. */
    static long cpuMillis(long pid) throws IOException {
        return cpuMillisOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /** From a process's or a thread's {@code stat} line. */
    static long cpuMillisOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    static long peakRssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmHWM for " + pid);
    }

    /**
     * What the agent allocates before the application's main: a main class printing the bytes its thread allocated
     * until then (premain runs on that thread), launched without an agent, with the empty agent, with the null
     * transformer, and with the agent and each of the given argument strings ("" for none). Heap pages those bytes
     * touch stay resident: part of the peak RSS the agent adds.
     */
    static void allocatedBeforeMain(Path agent, List<String> agentArguments) throws Exception {
        Path dir = Files.createTempDirectory("allocated-before-main");
        Path source = dir.resolve("AllocatedBeforeMain.java");
        Files.writeString(source, "public class AllocatedBeforeMain { public static void main(String[] a) {"
                + " System.out.println(((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory"
                + ".getThreadMXBean()).getCurrentThreadAllocatedBytes()); } }");
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString()) != 0) {
            throw new IllegalStateException("cannot compile the main class");
        }
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("no agent", null);
        variants.put("empty agent", "-javaagent:" + emptyAgent());
        variants.put("null transformer", "-javaagent:" + nullTransformerAgent());
        for (String arguments : agentArguments.isEmpty() ? List.of("") : agentArguments) {
            variants.put("agent " + arguments, "-javaagent:" + agent + (arguments.isEmpty() ? "" : "=" + arguments));
        }
        System.out.printf("java %s: KiB the main thread allocated before main (median of 3)%n",
                System.getProperty("java.version"));
        for (Map.Entry<String, String> variant : variants.entrySet()) {
            List<Long> kib = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString()));
                if (variant.getValue() != null) {
                    command.add(variant.getValue());
                }
                command.addAll(List.of("-cp", dir.toString(), "AllocatedBeforeMain"));
                Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(process.getInputStream().readAllBytes()).trim();
                process.waitFor();
                kib.add(Long.parseLong(out.substring(out.lastIndexOf('\n') + 1)) / 1024);
            }
            Collections.sort(kib);
            System.out.printf("| %s | %d KiB |%n", variant.getKey(), kib.get(1));
        }
    }

    /** Compiled once per run of this program: a variant may name it at every launch. */
    private static Path emptyAgent;

    static Path emptyAgent() throws IOException {
        if (emptyAgent == null) {
            emptyAgent = floorAgent("EmptyAgent", "");
        }
        return emptyAgent;
    }

    static Path nullTransformerAgent() throws IOException {
        return floorAgent("NullTransformerAgent", "i.addTransformer(new java.lang.instrument.ClassFileTransformer()"
                + " { public byte[] transform(ClassLoader l, String n, Class<?> c, java.security.ProtectionDomain d,"
                + " byte[] b) { return null; } }, true);");
    }

    /** An agent jar whose premain is {@code body}, compiled here so that the floor is measured with this JDK. */
    static Path floorAgent(String name, String body) throws IOException {
        Path dir = Files.createTempDirectory("floor-agent");
        Path source = dir.resolve(name + ".java");
        Files.writeString(source, "public class " + name + " { public static void premain(String a,"
                + " java.lang.instrument.Instrumentation i) { " + body + " } }");
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "-Xlint:-options", "--release", "8", "-d", dir.toString(),
                source.toString()) != 0) {
            throw new IllegalStateException("cannot compile the empty agent");
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), name);
        manifest.getMainAttributes().put(new Attributes.Name("Can-Retransform-Classes"), "true");
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            try (var classes = Files.list(dir)) {
                for (Path c : (Iterable<Path>) classes.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    out.putNextEntry(new JarEntry(c.getFileName().toString()));
                    out.write(Files.readAllBytes(c));
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    static List<Double> values(List<Run[]> rounds, int variant, ToDoubleFunction<Run> metric) {
        List<Double> values = new ArrayList<>();
        for (Run[] r : rounds) {
            values.add(metric.applyAsDouble(r[variant]));
        }
        return values;
    }

    /** median [min–max] */
    static String summary(List<Double> values, String format) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return String.format(format + " [" + format + "–" + format + "]", median, sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    static String ms(List<Run[]> rounds, int variant, ToDoubleFunction<Run> metric) {
        return summary(values(rounds, variant, metric), "%.0f") + " ms";
    }

    static String ratio(List<Run[]> rounds, int a, int b, ToDoubleFunction<Run> metric) {
        List<Double> ratios = new ArrayList<>();
        for (Run[] r : rounds) {
            ratios.add(metric.applyAsDouble(r[a]) / metric.applyAsDouble(r[b]));
        }
        return summary(ratios, "%.3f") + "×";
    }

    static String mib(List<Run[]> rounds, int variant) {
        return summary(values(rounds, variant, r -> r.rssKib / 1024.0), "%.1f") + " MiB";
    }

    static String delta(List<Run[]> rounds, int a, int b) {
        List<Double> deltas = new ArrayList<>();
        for (Run[] r : rounds) {
            deltas.add((r[a].rssKib - r[b].rssKib) / 1024.0);
        }
        return summary(deltas, "%+.1f") + " MiB";
    }
}
