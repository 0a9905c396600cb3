import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.LongStream;

/**
 * What the virtualthread and forkjoin integrations cost, with and without the agent in the same session, JVMs
 * interleaved (no agent, agent, ...), medians. Costs are CPU time of the whole process (all threads), steadier
 * than wall time on a shared machine. Run it with a JDK 21+ from the repository root:
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/BackgroundOverhead.java agent/target/graceful-agent.jar [runs]}.
 * Each JVM measures, after a warm-up, per operation:
 * <ul>
 * <li>{@code vthread start+join}: starting a virtual thread that does nothing and joining it (one stack walk at
 * the start with the agent: such a thread counts as the application's);</li>
 * <li>{@code vthread start+join, library task}: the same with a task of a class the agent calls infrastructure
 * (here through {@code graceful.executor.exclude}, as Tomcat's request processor is by its package): judged by
 * the task's class, without a stack walk;</li>
 * <li>{@code vthread per-task executor}: the same through {@code newVirtualThreadPerTaskExecutor().submit};</li>
 * <li>{@code vthread 10 yields}: a virtual thread that yields ten times: eleven runs on the scheduler's
 * fork/join pool, each a submission and a {@code doExec} the agent sees and leaves alone;</li>
 * <li>{@code runAsync+join}: {@code CompletableFuture.runAsync(noop).join()} on the common pool (a stack walk
 * per submission with the agent);</li>
 * <li>{@code parallel sum}: a parallel stream summing 2,000,000 longs (hundreds of forked subtasks, none
 * counted);</li>
 * </ul>
 * and {@code hello world}: the CPU time of a whole JVM that prints one line and exits (from /proc, at the end
 * of {@code main}; 10 ms ticks).
 */
public class BackgroundOverhead {
    private static final int OPS = 20_000;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("workload")) {
            workload(args[1]);
            return;
        }
        Path agent = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path classes = Files.createTempDirectory("background-overhead");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d", classes.toString(), "bench/BackgroundOverhead.java").inheritIO().start();
        if (javac.waitFor() != 0) {
            throw new IllegalStateException("javac failed");
        }
        Map<String, List<Double>> without = new LinkedHashMap<>();
        Map<String, List<Double>> with = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            run(java, classes, null, "ops", without);
            run(java, classes, agent, "ops", with);
        }
        for (int i = 0; i < runs * 2; i++) {
            run(java, classes, null, "hello", without);
            run(java, classes, agent, "hello", with);
        }
        System.out.printf("| measure | runs | no agent | agent | ratio |%n|---|---|---|---|---|%n");
        for (String name : without.keySet()) {
            double a = median(without.get(name));
            double b = median(with.get(name));
            System.out.printf("| %s | %d | %.3f %s | %.3f %s | %.3f× |%n", name, without.get(name).size(), a,
                    unit(name), b, unit(name), b / a);
        }
    }

    private static String unit(String name) {
        return name.equals("hello world") ? "ms CPU" : "µs CPU/op";
    }

    private static void run(String java, Path classes, Path agent, String mode, Map<String, List<Double>> into)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
        if (agent != null) {
            command.add("-javaagent:" + agent + "=executor.exclude=" + LibraryTask.class.getName());
        }
        command.addAll(List.of("-cp", classes.toString(), "BackgroundOverhead", "workload", mode));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("workload failed: " + output);
        }
        for (String line : output.split("\n")) {
            String[] parts = line.split("\t");
            if (parts.length == 2) {
                into.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Double.parseDouble(parts[1]));
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** In the child JVM: each measure's median of five rounds after three warm-up rounds, in µs per operation. */
    private static void workload(String mode) throws Exception {
        if (mode.equals("hello")) {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            System.out.println("hello world\t" + (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10);
            return;
        }
        measure("vthread start+join", () -> {
            for (int i = 0; i < OPS; i++) {
                Thread.ofVirtual().start(() -> { }).join();
            }
        }, OPS);
        measure("vthread start+join, library task", () -> {
            for (int i = 0; i < OPS; i++) {
                Thread.ofVirtual().start(new LibraryTask()).join();
            }
        }, OPS);
        try (ExecutorService perTask = Executors.newVirtualThreadPerTaskExecutor()) {
            measure("vthread per-task executor", () -> {
                for (int i = 0; i < OPS; i++) {
                    perTask.submit(() -> { }).get();
                }
            }, OPS);
        }
        measure("vthread 10 yields", () -> {
            for (int i = 0; i < OPS / 10; i++) {
                Thread.ofVirtual().start(() -> {
                    for (int y = 0; y < 10; y++) {
                        Thread.yield();
                    }
                }).join();
            }
        }, OPS / 10);
        measure("runAsync+join", () -> {
            for (int i = 0; i < OPS; i++) {
                CompletableFuture.runAsync(() -> { }).join();
            }
        }, OPS);
        long[] sink = new long[1];
        measure("parallel sum", () -> {
            for (int i = 0; i < 20; i++) {
                sink[0] += LongStream.range(0, 2_000_000).parallel().map(x -> x ^ 7).sum();
            }
        }, 20);
        System.err.println(sink[0] + " " + ForkJoinPool.getCommonPoolParallelism());
    }

    /** Stands for a server's request processor. */
    static final class LibraryTask implements Runnable {
        @Override
        public void run() {
        }
    }

    interface Body {
        void run() throws Exception;
    }

    private static void measure(String name, Body body, int ops) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<Double> rounds = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            long start = os.getProcessCpuTime();
            body.run();
            if (round >= 3) {
                rounds.add((os.getProcessCpuTime() - start) / 1e3 / ops);
            }
        }
        System.out.println(name + "\t" + median(rounds));
    }
}
