package dev.gracefulagent.it.executors;

import dev.gracefulagent.testbed.support.Baselines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.ServiceProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Background work under a real SIGTERM: the app in its own JVM with the built agent, its job runs read back
 * from its database after it ended.
 */
class BackgroundWorkIT {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        for (ServiceProcess service : started) {
            service.close();
        }
    }

    private ServiceProcess.Builder app(String jobs, long periodMs, long jobMs) {
        return ServiceProcess.builder(ServiceProcess.testbedJar("testbed-executors"))
                .env("JOBS", jobs)
                .env("JOB_PERIOD_MS", Long.toString(periodMs))
                .env("JOB_MS", Long.toString(jobMs))
                .env("DB_URL", dbUrl());
    }

    private ServiceProcess start(ServiceProcess.Builder builder) throws Exception {
        ServiceProcess service = builder.start();
        started.add(service);
        return service;
    }

    private String dbUrl() {
        return "jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scheduled", "timer", "quartz"})
    void aJobRunningAtSigtermCompletesAndNoneStartsAfter(String kind) throws Exception {
        ServiceProcess service = start(app(kind, 1500, 1000));
        service.stdout().awaitContains("job " + kind + " 2 start", Duration.ofSeconds(20));
        long sigterm = System.currentTimeMillis();
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());

        Map<Integer, Run> runs = runs(kind);
        Run atSigterm = runs.get(2);
        assertTrue(atSigterm.end > sigterm, "run 2 was running at SIGTERM and its end is recorded: " + runs);
        for (Run run : runs.values()) {
            assertTrue(run.start <= sigterm, "no run starts after SIGTERM at " + sigterm + ": " + runs);
            assertTrue(run.end > 0, "every run that started also ended: " + runs);
        }
        assertTrue(service.stderr().text().contains("[graceful] summary"), service.stderr().text());
    }

    @Test
    void workHandedOffBeforeSigtermCompletesEvenWhenStillQueued() throws Exception {
        ServiceProcess service = start(app("none", 1000, 300));
        // one worker: the first hand-off runs at SIGTERM, the second still waits in the queue
        assertEquals("accepted", request(service, "handoff 1500"));
        assertEquals("accepted", request(service, "handoff 1500"));
        service.stdout().awaitContains("job handoff 1 start", Duration.ofSeconds(10));
        long sigterm = System.currentTimeMillis();
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());

        Map<Integer, Run> runs = runs("handoff");
        assertEquals(2, runs.size(), runs.toString());
        assertTrue(runs.get(1).start <= sigterm && runs.get(1).end > sigterm, runs.toString());
        assertTrue(runs.get(2).end > runs.get(2).start && runs.get(2).start > 0, runs.toString());
    }

    @Test
    void aDelayedTaskScheduledByARequestStillRunsAndIsWaitedFor() throws Exception {
        ServiceProcess service = start(app("none", 1000, 300));
        assertEquals("accepted", request(service, "later 1500"));
        long sigterm = System.currentTimeMillis();
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        Run run = runs("later").get(1);
        assertTrue(run != null && run.start > sigterm && run.end > run.start,
                "the delayed task ran after SIGTERM, to its end: " + run);
    }

    @Test
    void aJobLongerThanTheDeadlineIsNamedInTheReportAndTheExitCodeIs1() throws Exception {
        ServiceProcess service = start(app("scheduled", 60_000, 20_000).agentArguments("timeout=2s"));
        service.stdout().awaitContains("job scheduled 1 start", Duration.ofSeconds(20));
        service.sigterm();
        assertEquals(1, service.awaitExit(EXIT_WAIT));

        String report = service.stderr().text();
        assertTrue(report.contains("deadline of 2000 ms passed; still running: 1 task"), report);
        assertTrue(report.contains("task " + RecordedJob.class.getName() + ", age "), report);
        assertTrue(report.contains(RecordedJob.class.getName() + ".run("), "top frames: " + report);
        assertTrue(runs("scheduled").get(1).end == 0, "the job was cut off at the deadline");
    }

    @Test
    void anExcludedExecutorIsNotWaitedFor() throws Exception {
        ServiceProcess service = start(app("none", 1000, 300).agentArguments("executor.exclude=reports-worker-*"));
        assertEquals("accepted", request(service, "reports 20000"));
        service.stdout().awaitContains("job reports 1 start", Duration.ofSeconds(10));
        service.sigterm();
        assertEquals(0, service.awaitExit(Duration.ofSeconds(10)), service.stderr().text());
        assertEquals(0, runs("reports").get(1).end, "the excluded executor's task was not waited for");
    }

    @Test
    void withoutTheAgentTheRunningJobIsCutOff() throws Exception {
        ServiceProcess service = start(app("scheduled", 60_000, 10_000).withoutAgent());
        service.stdout().awaitContains("job scheduled 1 start", Duration.ofSeconds(20));
        service.sigterm();
        Baselines.assertEndedAsKilled(service.awaitExit(EXIT_WAIT), service.stderr().text());
        Run run = runs("scheduled").get(1);
        assertTrue(run.start > 0 && run.end == 0, "started, never ended: " + run);
        assertFalse(service.stderr().text().contains("[graceful]"));
    }

    @Test
    void whenTheLastNonDaemonThreadEndsTheTasksOnDaemonThreadsAreDrainedFirst() throws Exception {
        ServiceProcess service = start(app("none", 1000, 300));
        assertEquals("accepted", request(service, "quit 1500"));
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());

        Run run = runs("daemon").get(1);
        assertTrue(run != null && run.end > run.start, "the daemon thread's task ran to its end: " + run);
        assertTrue(service.stderr().text().contains("JVM exit: graceful shutdown begins"), service.stderr().text());
        assertTrue(Pattern.compile("summary: drained .*\\b1 task\\b").matcher(service.stderr().text()).find(),
                service.stderr().text());
    }

    @Test
    void withoutTheAgentTheLastNonDaemonThreadEndingCutsTheTaskOff() throws Exception {
        ServiceProcess service = start(app("none", 1000, 300).withoutAgent());
        assertEquals("accepted", request(service, "quit 1500"));
        assertEquals(0, service.awaitExit(EXIT_WAIT));
        Run run = runs("daemon").get(1);
        assertTrue(run != null && run.start > 0 && run.end == 0, "started, never ended: " + run);
    }

    /** One request to the app's socket: it hands work off and answers at once. */
    private static String request(ServiceProcess service, String line) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(10_000);
            new PrintWriter(socket.getOutputStream(), true).println(line);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    /** The recorded runs of one kind by run number, read after the process ended. */
    private Map<Integer, Run> runs(String kind) throws SQLException {
        Map<Integer, Run> runs = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(dbUrl(), "sa", "");
             PreparedStatement st = db.prepareStatement("select run, phase, at_ms from job_runs where kind = ?")) {
            st.setString(1, kind);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Run run = runs.computeIfAbsent(rs.getInt(1), n -> new Run());
                    if (rs.getString(2).equals("start")) {
                        run.start = rs.getLong(3);
                    } else if (rs.getString(2).equals("end")) {
                        run.end = rs.getLong(3);
                    }
                }
            }
        }
        return runs;
    }

    private static final class Run {
        long start;
        long end;

        @Override
        public String toString() {
            return "start " + start + " end " + (end == 0 ? "-" : Long.toString(end));
        }
    }
}
