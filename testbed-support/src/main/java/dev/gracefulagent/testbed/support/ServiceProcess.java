package dev.gracefulagent.testbed.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A testbed running in its own JVM, as an operator would run it: {@code java [-javaagent:...] -jar testbed.jar},
 * its port from {@code PORT}. Output lines are collected as they arrive so tests can wait for a line instead of
 * sleeping; signals are real ({@link Process#destroy()} sends SIGTERM on Unix).
 */
public final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final OutputLines stdout;
    private final OutputLines stderr;
    private final CompletableFuture<Long> exitNanos;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        this.stdout = OutputLines.follow(process.getInputStream(), "stdout");
        this.stderr = OutputLines.follow(process.getErrorStream(), "stderr");
        this.exitNanos = process.onExit().thenApply(p -> System.nanoTime());
    }

    /** The built agent jar, handed to the tests by the build ({@code agent.jar} system property). */
    public static Path agentJar() {
        String configured = System.getProperty("agent.jar");
        Path jar = configured != null ? Paths.get(configured) : Paths.get("../agent/target/graceful-agent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar not built: " + jar.toAbsolutePath());
        }
        return jar.toAbsolutePath();
    }

    /** A testbed jar in this module's target directory. */
    public static Path testbedJar(String name) {
        Path jar = Paths.get("target", name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("testbed jar not built: " + jar.toAbsolutePath());
        }
        return jar.toAbsolutePath();
    }

    public static Builder builder(Path testbedJar) {
        return new Builder(testbedJar);
    }

    /**
     * A service started by a command of its own, such as a container's start script, that listens on
     * {@code port}; its standard input is empty and its output is collected as a testbed's is.
     */
    public static ServiceProcess launch(ProcessBuilder command, int port) throws IOException {
        command.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return new ServiceProcess(command.start(), port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** User + system CPU time of a process so far (Linux): steadier than wall time on a shared machine. */
    public static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    public OutputLines stdout() {
        return stdout;
    }

    public OutputLines stderr() {
        return stderr;
    }

    /**
     * SIGTERM, as {@code docker stop} or {@code kill} sends it. Sent through the process handle: unlike
     * {@link Process#destroy()}, that leaves our ends of its stdout and stderr open, so the lines it logs while
     * shutting down are still read.
     */
    public void sigterm() {
        process.toHandle().destroy();
    }

    /** Loads the built agent into this running JVM, as an operator would: {@code java -jar agent.jar attach pid}. */
    public void attachAgent() throws IOException, InterruptedException {
        Process attach = new ProcessBuilder(javaBinary(), "-jar", agentJar().toString(), "attach",
                Long.toString(pid())).redirectErrorStream(true).start();
        String output = new String(attach.getInputStream().readAllBytes());
        if (attach.waitFor() != 0) {
            throw new IOException("attach failed: " + output);
        }
    }

    /** Any signal, by name (TERM, INT, ...), through the kill command. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " failed");
        }
    }

    /** Waits for the JVM to end and returns its exit code; fails the test if it does not end in time. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process still running after " + timeout + "\n" + stderr.text());
        }
        exitNanos.join();
        stdout.awaitEnd();
        stderr.awaitEnd();
        return process.exitValue();
    }

    /** System.nanoTime() when the process was seen ending; call after {@link #awaitExit}. */
    public long exitNanos() {
        if (!exitNanos.isDone()) {
            throw new IllegalStateException("the process has not ended yet");
        }
        return exitNanos.join();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** What to launch: the jar, with or without the agent, with extra JVM options and environment. */
    public static final class Builder {
        private final Path jar;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> environment = new HashMap<>();
        private String agentArguments;
        private boolean withAgent = true;
        private int port;
        private String javaHome = System.getProperty("testbed.java.home", System.getProperty("java.home"));

        private Builder(Path jar) {
            this.jar = jar;
        }

        public Builder withoutAgent() {
            withAgent = false;
            return this;
        }

        public Builder agentArguments(String arguments) {
            agentArguments = arguments;
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** A fixed port, e.g. for a restart behind a load balancer; by default a free one is picked. */
        public Builder port(int fixedPort) {
            port = fixedPort;
            return this;
        }

        public Builder javaHome(String home) {
            javaHome = home;
            return this;
        }

        /**
         * Starts the JVM and waits until the testbed prints its ready line (60 s, or {@code -Dtestbed.readySeconds}
         * for a machine so loaded that a framework's start takes longer); fails with its output otherwise.
         */
        public ServiceProcess start() throws IOException, InterruptedException {
            ServiceProcess service = launch();
            Duration ready = Duration.ofSeconds(Long.getLong("testbed.readySeconds", 60));
            if (!service.stdout.await(line -> line.contains("ready on port"), ready)) {
                service.close();
                throw new AssertionError("testbed did not become ready\nstdout:\n" + service.stdout.text()
                        + "\nstderr:\n" + service.stderr.text());
            }
            return service;
        }

        /** Starts the JVM without waiting for it to be ready (for start-up failures). */
        public ServiceProcess launch() throws IOException {
            int port = this.port > 0 ? this.port : freePort();
            List<String> command = new ArrayList<>();
            command.add(Paths.get(javaHome, "bin", "java").toString());
            command.addAll(buildJvmOptions());
            if (withAgent) {
                command.add("-javaagent:" + agentJar() + (agentArguments == null ? "" : "=" + agentArguments));
            }
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.directory(jar.getParent().toFile());
            pb.environment().put("PORT", Integer.toString(port));
            pb.environment().putAll(environment);
            return ServiceProcess.launch(pb, port);
        }
    }

    /**
     * The JVM options the build gives every JVM its tests start ({@code testbed.jvmOptions}, set in the root pom to
     * spare CPU time); none when run otherwise (benchmarks). A test's own options come after them and win.
     */
    public static List<String> buildJvmOptions() {
        String options = System.getProperty("testbed.jvmOptions", "").trim();
        return options.isEmpty() ? Collections.emptyList() : Arrays.asList(options.split("\\s+"));
    }

    /**
     * The start of a command line for a JVM a test launches itself: the java binary of the JDK running the tests
     * and the build's options (see {@link #buildJvmOptions}); a new list, for the caller to add to.
     */
    public static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(buildJvmOptions());
        return command;
    }

    /** The java binary of the JDK running the tests. */
    public static String javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** The lines of one output stream, collected by a reader thread, with waiting by predicate. */
    public static final class OutputLines {
        private final List<String> lines = new ArrayList<>();
        private boolean ended;

        static OutputLines follow(InputStream stream, String name) {
            OutputLines out = new OutputLines();
            Thread reader = new Thread(() -> out.readAll(stream), "testbed-" + name);
            reader.setDaemon(true);
            reader.start();
            return out;
        }

        private void readAll(InputStream stream) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        /** Waits until a line matches; false when the stream ended or the time passed first. */
        public synchronized boolean await(Predicate<String> matcher, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (matcher.test(lines.get(checked))) {
                        return true;
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (ended || remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            }
        }

        /** Waits for a line containing the text, failing the test with all output otherwise. */
        public void awaitContains(String text, Duration timeout) throws InterruptedException {
            if (!await(line -> line.contains(text), timeout)) {
                throw new AssertionError("no line containing '" + text + "' within " + timeout + "; got:\n" + text());
            }
        }

        synchronized void awaitEnd() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ended && System.nanoTime() < deadline) {
                TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
            }
        }

        public synchronized List<String> lines() {
            return new ArrayList<>(lines);
        }

        public synchronized String text() {
            return String.join("\n", lines);
        }
    }
}
