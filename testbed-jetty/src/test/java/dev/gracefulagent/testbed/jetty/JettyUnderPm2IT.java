package dev.gracefulagent.testbed.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.Pm2;
import dev.gracefulagent.testbed.support.RawHttp;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** testbed-jetty run by the real PM2, restarted with requests in flight (PM2 stops with SIGINT, then SIGKILL). */
class JettyUnderPm2IT {
    private static final int REQUESTS = 10;

    private final ExecutorService clients = Executors.newCachedThreadPool();
    private Pm2 pm2;
    private int port;

    @BeforeEach
    void startDaemon() throws Exception {
        pm2 = Pm2.install(Paths.get("target", "pm2").toAbsolutePath(), Paths.get("target", "pm2-run").toAbsolutePath());
        port = ServiceProcess.freePort();
    }

    @AfterEach
    void stopDaemon() throws Exception {
        clients.shutdownNow();
        pm2.close();
    }

    @Test
    void aRestartWithAKillTimeoutAboveTheDeadlineLosesNothing() throws Exception {
        Path log = startApp(20_000);
        List<RawHttp.Response> responses = restartWithRequestsInFlight(2000);
        assertTrue(responses.stream().allMatch(r -> r.ok("done")), responses + "\n" + Files.readString(log));
        String stderr = Files.readString(log);
        assertTrue(stderr.contains("SIGINT: graceful shutdown begins"), stderr);
        assertTrue(stderr.contains("summary: drained " + REQUESTS + " requests") && stderr.contains("exit 0"), stderr);
        assertEquals(200, RawHttp.get(port, "/work?ms=0").status(), "the restarted instance serves");
    }

    @Test
    void pm2sDefaultKillTimeoutCutsTheDrain() throws Exception {
        startApp(1600);
        List<RawHttp.Response> responses = restartWithRequestsInFlight(4000);
        long completed = responses.stream().filter(r -> r.ok("done")).count();
        assertTrue(completed < REQUESTS, "baseline: PM2's SIGKILL after 1600 ms cuts 4 s requests; completed " + completed);
    }

    /** Starts testbed-jetty with the agent under PM2; returns the app's stderr log file. */
    private Path startApp(int killTimeoutMillis) throws Exception {
        Path dir = Files.createTempDirectory(pm2.home(), "app");
        Path log = dir.resolve("stderr.log");
        String config = "module.exports = { apps: [{ name: 'testbed', script: '" + ServiceProcess.javaBinary() + "',"
                + " args: ['-javaagent:" + ServiceProcess.agentJar() + "', '-jar', '"
                + ServiceProcess.testbedJar("testbed-jetty") + "'], interpreter: 'none', exec_mode: 'fork',"
                + " autorestart: false, kill_timeout: " + killTimeoutMillis + ", env: { PORT: '" + port + "' },"
                + " out_file: '" + dir.resolve("stdout.log") + "', error_file: '" + log + "' }] };\n";
        Path ecosystem = dir.resolve("ecosystem.config.js");
        Files.writeString(ecosystem, config);
        pm2.run("start", ecosystem.toString());
        awaitServing();
        return log;
    }

    private List<RawHttp.Response> restartWithRequestsInFlight(int workMillis) throws Exception {
        List<CompletableFuture<RawHttp.Response>> pending = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            pending.add(CompletableFuture.supplyAsync(() -> RawHttp.get(port, "/work?ms=" + workMillis), clients));
        }
        TimeUnit.MILLISECONDS.sleep(300);
        pm2.run("restart", "testbed");
        List<RawHttp.Response> responses = new ArrayList<>();
        for (CompletableFuture<RawHttp.Response> response : pending) {
            responses.add(response.get(60, TimeUnit.SECONDS));
        }
        awaitServing();
        return responses;
    }

    /** PM2 starts the JVM asynchronously: wait until it answers. */
    private void awaitServing() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (RawHttp.get(port, "/work?ms=0").status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("testbed under PM2 did not start");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
