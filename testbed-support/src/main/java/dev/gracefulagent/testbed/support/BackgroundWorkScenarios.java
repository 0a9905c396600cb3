package dev.gracefulagent.testbed.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The testbed's own scheduled job and hand-offs (plain JDK executors, no shutdown code) across a SIGTERM: the run
 * in progress completes and records its end, no run starts after the signal, handed-off work completes. The
 * testbed needs GET /jobs ("id kind started ended" lines, ended "-" while running) and POST /handoff?ms=N.
 */
public abstract class BackgroundWorkScenarios extends ScenarioBase {

    @Test
    void aJobRunningAtTheSignalFinishesNoneStartsAfterAndHandOffsComplete() throws Exception {
        Map<String, String> db = DataIntegrityScenarios.freshH2("jobs");
        ServiceProcess.Builder builder = testbed().env("JOB_PERIOD_MS", "300").env("JOB_MS", "1200");
        db.forEach(builder::env);
        ServiceProcess service = start(builder);
        awaitRunningJob(service);
        try (RawHttp http = RawHttp.connect(service.port())) {
            assertEquals(202, http.exchange("POST", "/handoff?ms=1000").status());
        }
        long signalled = System.currentTimeMillis();
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());

        ServiceProcess.Builder after = testbed().env("JOB_PERIOD_MS", "0");
        db.forEach(after::env);
        List<String[]> runs = jobs(start(after));
        assertFalse(runs.isEmpty());
        for (String[] run : runs) {
            assertFalse(run[3].equals("-"), "every run recorded its end: " + String.join(" ", run));
            assertTrue(Long.parseLong(run[2]) < signalled + 100, "no run started after the signal: " + run[2]
                    + " vs " + signalled);
        }
        assertTrue(runs.stream().anyMatch(run -> run[1].equals("handoff")), "the hand-off ran");
    }

    @Test
    void withoutTheAgentTheRunningJobIsCut() throws Exception {
        Map<String, String> db = DataIntegrityScenarios.freshH2("jobs-baseline");
        ServiceProcess.Builder builder = testbed().withoutAgent().env("JOB_PERIOD_MS", "300").env("JOB_MS", "1200");
        db.forEach(builder::env);
        ServiceProcess service = start(builder);
        awaitRunningJob(service);
        service.sigterm();
        service.awaitExit(EXIT_WAIT);

        ServiceProcess.Builder after = testbed().env("JOB_PERIOD_MS", "0");
        db.forEach(after::env);
        assertTrue(jobs(start(after)).stream().anyMatch(run -> run[3].equals("-")),
                "baseline: a job started and never ended");
    }

    private static void awaitRunningJob(ServiceProcess service) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (jobs(service).stream().noneMatch(run -> run[3].equals("-"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no job running\n" + service.stderr().text());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static List<String[]> jobs(ServiceProcess service) {
        RawHttp.Response response = RawHttp.get(service.port(), "/jobs");
        if (response.status() != 200) {
            throw new AssertionError("GET /jobs: " + response);
        }
        return response.body().lines().filter(line -> !line.isBlank()).map(line -> line.split(" ")).toList();
    }
}
