package dev.gracefulagent.it.vthreads;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Background work on virtual threads and fork/join pools under a real SIGTERM: {@link BackgroundApp} in its own
 * JVM with the built agent, on JDK 25 (every kind) and on JDK 17 (the fork/join kinds), its jobs read back from
 * its stdout. One JVM per scenario; each covers every kind at once.
 */
class VirtualThreadsAndForkJoinIT {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(40);
    /** The kinds that start at once; the others wait for the common pool (a parallelism of 1 on 2 CPUs). */
    private static final List<String> IMMEDIATE = List.of("vexecutor", "ofvirtual", "startvirtual", "pertask",
            "vpool", "fjpool");

    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        for (ServiceProcess service : started) {
            service.close();
        }
    }

    private static String java25() {
        assumeTrue(Jdks.java25().isPresent(), "no JDK 25 under /usr/lib/jvm and no JAVA25_HOME");
        return Jdks.java25().orElseThrow();
    }

    private ServiceProcess launch(ServiceProcess.Builder builder) throws Exception {
        ServiceProcess service = builder.launch();
        started.add(service);
        service.stdout().awaitContains("testbed-vthreads started", Duration.ofSeconds(30));
        return service;
    }

    private static ServiceProcess.Builder app(String kinds, long jobMs) {
        return ServiceProcess.builder(ServiceProcess.testbedJar("testbed-vthreads"))
                .env("KINDS", kinds).env("JOB_MS", Long.toString(jobMs));
    }

    @Test
    void onJava25EveryJobFinishesAndALibrarysWorkIsNotWaitedFor() throws Exception {
        String kinds = String.join(",", BackgroundApp.VIRTUAL) + "," + String.join(",", BackgroundApp.FORK_JOIN);
        ServiceProcess service = launch(app(kinds, 1500).javaHome(java25()).env("LIBRARY_MS", "60000")
                .agentArguments("executor.exclude=dev.gracefulagent.it.vthreads.lib.*"));
        for (String kind : IMMEDIATE) {
            service.stdout().awaitContains("job " + kind + " start", Duration.ofSeconds(10));
        }
        service.stdout().awaitContains("job library-thread start", Duration.ofSeconds(10));
        long sigterm = System.currentTimeMillis();
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());

        Map<String, JobLines.Run> runs = JobLines.runs(service.stdout().lines());
        for (String kind : kinds.split(",")) {
            JobLines.Run run = runs.get(kind);
            assertTrue(run != null && run.ended(), kind + " ran to its end: " + runs);
        }
        for (String kind : IMMEDIATE) {
            assertTrue(runs.get(kind).start < sigterm && runs.get(kind).end > sigterm,
                    kind + " was running at SIGTERM and finished after it: " + runs);
        }
        assertFalse(runs.get("library-thread").ended(), "the library's thread was not waited for: " + runs);
        for (String library : List.of("library-common-pool", "library-common-pool-lambda")) {
            assertFalse(runs.containsKey(library) && runs.get(library).ended(),
                    "the library's common-pool task was not waited for: " + runs);
        }
        // each job counted once: the parallel stream's slices belong to the job that runs them
        assertEquals(kinds.split(",").length, drainedTasks(service), service.stderr().text());
    }

    @Test
    void onJava25WithoutTheAgentTheJobsAreCut() throws Exception {
        ServiceProcess service = launch(app(String.join(",", IMMEDIATE), 20_000).javaHome(java25()).withoutAgent());
        for (String kind : IMMEDIATE) {
            service.stdout().awaitContains("job " + kind + " start", Duration.ofSeconds(10));
        }
        service.sigterm();
        Baselines.assertEndedAsKilled(service.awaitExit(EXIT_WAIT), service.stderr().text());
        Map<String, JobLines.Run> runs = JobLines.runs(service.stdout().lines());
        for (String kind : IMMEDIATE) {
            assertFalse(runs.get(kind).ended(), kind + " started and was cut off: " + runs);
        }
    }

    @Test
    void onJava25TheDeadlineReportNamesVirtualThreadAndForkJoinTasks() throws Exception {
        ServiceProcess service = launch(app("ofvirtual,fjpool,runasync", 20_000).javaHome(java25())
                .agentArguments("timeout=2s"));
        for (String kind : List.of("ofvirtual", "fjpool", "runasync")) {
            service.stdout().awaitContains("job " + kind + " start", Duration.ofSeconds(10));
        }
        service.sigterm();
        assertEquals(1, service.awaitExit(EXIT_WAIT));
        String report = service.stderr().text();
        // one line per integration: the virtual thread, then the fork/join tasks
        assertTrue(report.contains("deadline of 2000 ms passed; still running: 1 task"), report);
        assertTrue(report.contains("deadline of 2000 ms passed; still running: 2 tasks"), report);
        assertTrue(report.contains(" on virtual thread job-ofvirtual, started by " + BackgroundApp.class.getName()
                + ", age "), report);
        assertTrue(report.contains(" on the common ForkJoinPool, submitted by " + BackgroundApp.class.getName()),
                report);
        assertTrue(Pattern.compile("task " + Job.class.getName() + " on ForkJoinPool@\\w+, age .*, thread ForkJoinPool-")
                .matcher(report).find(), report);
        assertTrue(report.contains("at " + Job.class.getName() + ".run("), "stack frames: " + report);
    }

    @Test
    void onJava25VirtualThreadsThatAnUnknownIntakeStartsAfterTheSignalAreNotWaitedFor() throws Exception {
        ServiceProcess service = launch(app("feeder", 1000).javaHome(java25()));
        service.stdout().awaitContains("job feed-4 start", Duration.ofSeconds(10));
        long sigterm = System.currentTimeMillis();
        service.sigterm();
        // were the feeder's later threads waited for, the drain would never end before the deadline (exit 1)
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        String err = service.stderr().text();
        assertTrue(err.contains("virtual threads keep starting after intake stopped, from thread feeder ("
                + BackgroundApp.class.getName()), err);
        Map<String, JobLines.Run> runs = JobLines.runs(service.stdout().lines());
        runs.forEach((name, run) -> {
            if (run.start <= sigterm) {
                assertTrue(run.ended(), name + " was running at the signal and finished: " + runs);
            }
        });
        assertTrue(runs.values().stream().anyMatch(run -> run.start > sigterm), "the feeder went on: " + runs);
    }

    @Test
    void onJava17ForkJoinTasksFinish() throws Exception {
        String kinds = String.join(",", BackgroundApp.FORK_JOIN);
        ServiceProcess service = launch(app(kinds, 1500));
        service.stdout().awaitContains("job fjpool start", Duration.ofSeconds(10));
        service.stdout().awaitContains("job runasync start", Duration.ofSeconds(10));
        long sigterm = System.currentTimeMillis();
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        Map<String, JobLines.Run> runs = JobLines.runs(service.stdout().lines());
        for (String kind : kinds.split(",")) {
            assertTrue(runs.get(kind) != null && runs.get(kind).ended(), kind + " ran to its end: " + runs);
        }
        assertTrue(runs.get("fjpool").end > sigterm, runs.toString());
        assertEquals(kinds.split(",").length, drainedTasks(service), service.stderr().text());
    }

    /** The tasks the summary line says were drained. */
    private static int drainedTasks(ServiceProcess service) {
        Matcher m = Pattern.compile("summary: drained .*?\\b(\\d+) tasks\\b").matcher(service.stderr().text());
        assertTrue(m.find(), service.stderr().text());
        return Integer.parseInt(m.group(1));
    }
}
