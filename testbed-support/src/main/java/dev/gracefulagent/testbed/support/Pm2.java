package dev.gracefulagent.testbed.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real PM2, installed from npm into the build directory on first use, with its own PM2_HOME so tests never
 * touch a user's PM2 daemon.
 */
public final class Pm2 implements AutoCloseable {
    public static final String VERSION = "7.0.4";

    private final Path home;
    private final Path binary;

    private Pm2(Path home, Path binary) {
        this.home = home;
        this.binary = binary;
    }

    /** Installs PM2 under {@code installDir} unless it is there, and uses a fresh home under {@code workDir}. */
    public static Pm2 install(Path installDir, Path workDir) throws IOException, InterruptedException {
        Path binary = installDir.resolve("node_modules/.bin/pm2");
        if (!Files.isExecutable(binary)) {
            Files.createDirectories(installDir);
            run(List.of("npm", "install", "--prefix", installDir.toString(), "--no-audit", "--no-fund",
                    "--silent", "pm2@" + VERSION), null, 300);
        }
        Path home = Files.createTempDirectory(Files.createDirectories(workDir), "pm2-home");
        return new Pm2(home, binary);
    }

    /** Runs a pm2 command and returns its output; fails when it exits non-zero. */
    public String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(arguments));
        return run(command, home, 120);
    }

    public Path home() {
        return home;
    }

    private static String run(List<String> command, Path pm2Home, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (pm2Home != null) {
            pb.environment().put("PM2_HOME", pm2Home.toString());
        }
        Process process = pb.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    /** Stops the daemon and every app it runs. */
    @Override
    public void close() throws IOException, InterruptedException {
        run("kill");
    }
}
