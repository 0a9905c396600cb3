package dev.gracefulagent.it.springasync;

import dev.gracefulagent.testbed.support.Baselines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gracefulagent.testbed.support.JobLines;
import dev.gracefulagent.testbed.support.Jdks;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Spring Boot 3.5 service's {@code @Async} jobs and {@code @Scheduled} job under a real SIGTERM, in its own JVM:
 * on JDK 25 with virtual threads on (Boot's {@code SimpleAsyncTaskExecutor}/{@code SimpleAsyncTaskScheduler}) and
 * on JDK 17 with them off (Boot's thread pools). Three {@code @Scheduled} jobs: fixed rate, fixed delay and cron.
 * At the signal five 4 s jobs run and the second fixed-rate run has just started: with the agent every one
 * finishes, no run of any schedule starts after the signal and the exit code is 0; without
 * it, on virtual threads, they are cut off. (On thread pools Spring 6.1+ itself waits for running tasks when its
 * context closes, exit 143: no baseline shows damage there.)
 */
class SpringAsyncIT {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(40);
    private static final int ASYNC_JOBS = 5;

    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        for (ServiceProcess service : started) {
            service.close();
        }
    }

    private static ServiceProcess.Builder virtualThreadsOnJava25() {
        assumeTrue(Jdks.java25().isPresent(), "no JDK 25 under /usr/lib/jvm and no JAVA25_HOME");
        return ServiceProcess.builder(ServiceProcess.testbedJar("testbed-spring-async"))
                .javaHome(Jdks.java25().orElseThrow()).jvmOption("-Dspring.threads.virtual.enabled=true");
    }

    private static ServiceProcess.Builder threadPoolsOnJava17() {
        return ServiceProcess.builder(ServiceProcess.testbedJar("testbed-spring-async"));
    }

    @Test
    void virtualThreadsOnJava25EveryJobAndTheRunInFlightFinishAndNoRunStartsAfter() throws Exception {
        assertDrained(virtualThreadsOnJava25(), "virtual threads");
    }

    @Test
    void threadPoolsOnJava17EveryJobAndTheRunInFlightFinishAndNoRunStartsAfter() throws Exception {
        assertDrained(threadPoolsOnJava17(), "thread pools");
    }

    @Test
    void virtualThreadsOnJava25WithoutTheAgentTheJobsAreCut() throws Exception {
        assertCut(virtualThreadsOnJava25().withoutAgent());
    }

    private void assertDrained(ServiceProcess.Builder builder, String threads) throws Exception {
        ServiceProcess service = startAndAwaitRunInFlight(builder, threads);
        long sigterm = System.currentTimeMillis();
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());

        Map<String, JobLines.Run> runs = JobLines.runs(service.stdout().lines());
        for (int i = 1; i <= ASYNC_JOBS; i++) {
            JobLines.Run job = runs.get("async-" + i);
            assertTrue(job.start <= sigterm && job.end > sigterm, "async-" + i + " finished after SIGTERM: " + runs);
        }
        assertTrue(runs.get("scheduled-2").end > sigterm, "the run in flight finished: " + runs);
        runs.forEach((name, run) -> {
            assertTrue(run.ended(), name + " ended: " + runs);
            assertTrue(run.start <= sigterm, name + " did not start after SIGTERM at " + sigterm + ": " + runs);
        });
        assertTrue(service.stderr().text().contains("summary: drained"), service.stderr().text());
    }

    private void assertCut(ServiceProcess.Builder builder) throws Exception {
        ServiceProcess service = startAndAwaitRunInFlight(builder, "");
        service.sigterm();
        Baselines.assertEndedAsKilled(service.awaitExit(EXIT_WAIT), service.stderr().text());
        Map<String, JobLines.Run> runs = JobLines.runs(service.stdout().lines());
        for (int i = 1; i <= ASYNC_JOBS; i++) {
            assertFalse(runs.get("async-" + i).ended(), "async-" + i + " was cut off: " + runs);
        }
        assertFalse(runs.get("scheduled-2").ended(), "the run in flight was cut off: " + runs);
    }

    /** Starts the service; returns once its jobs run and the second scheduled run has started. */
    private ServiceProcess startAndAwaitRunInFlight(ServiceProcess.Builder builder, String threads)
            throws Exception {
        ServiceProcess service = builder.env("ASYNC_JOBS", Integer.toString(ASYNC_JOBS)).env("JOB_MS", "4000")
                .env("SCHEDULE_MS", "1500").env("SCHEDULED_MS", "1000").launch();
        started.add(service);
        service.stdout().awaitContains("testbed-spring-async started " + ASYNC_JOBS + " async jobs on " + threads,
                Duration.ofSeconds(60));
        for (int i = 1; i <= ASYNC_JOBS; i++) {
            service.stdout().awaitContains("job async-" + i + " start", Duration.ofSeconds(10));
        }
        service.stdout().awaitContains("job scheduled-2 start", Duration.ofSeconds(10));
        return service;
    }
}
