package dev.gracefulagent.it.executors;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * A plain service with background work and no shutdown code. Env: {@code JOBS} (comma-separated:
 * scheduled, timer, quartz; default scheduled), {@code JOB_PERIOD_MS} (1000), {@code JOB_MS} (300),
 * {@code DB_URL}, {@code PORT}. On {@code PORT} it takes one-line requests: {@code handoff <ms>} hands a
 * recorded task to a one-thread pool and answers at once; {@code reports <ms>} does the same on a pool whose
 * threads are named {@code reports-worker-N}; {@code later <ms>} schedules a recorded task of 500 ms to start
 * in {@code <ms>}, the way async requests schedule their completion; {@code quit <ms>} hands a recorded task
 * to a pool of daemon threads, waits until it started and returns from {@code main}, so that the JVM ends
 * because its last non-daemon thread did (with {@code JOBS=none} no other non-daemon thread runs).
 */
public final class ExecutorsApp {
    private ExecutorsApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(env("PORT", "8080"));
        long period = Long.parseLong(env("JOB_PERIOD_MS", "1000"));
        long jobMs = Long.parseLong(env("JOB_MS", "300"));
        RecordedJob.openDatabase(env("DB_URL", "jdbc:h2:file:./executors-db"));
        List<String> jobs = Arrays.asList(env("JOBS", "scheduled").split(","));
        if (jobs.contains("scheduled")) {
            Executors.newSingleThreadScheduledExecutor()
                    .scheduleAtFixedRate(new RecordedJob("scheduled", jobMs), 0, period, TimeUnit.MILLISECONDS);
        }
        if (jobs.contains("timer")) {
            final RecordedJob job = new RecordedJob("timer", jobMs);
            new Timer("app-timer").scheduleAtFixedRate(new TimerTask() {
                @Override
                public void run() {
                    job.run();
                }
            }, 0, period);
        }
        if (jobs.contains("quartz")) {
            startQuartz(period, jobMs);
        }
        ExecutorService handOffs = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        ExecutorService reports = Executors.newFixedThreadPool(1, named("reports-worker-"));
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        ExecutorService daemons = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "daemon-worker");
            thread.setDaemon(true);
            return thread;
        });
        try (ServerSocket server = new ServerSocket(port)) {
            System.out.println("testbed-executors ready on port " + port);
            boolean serving = true;
            while (serving) {
                try (Socket socket = server.accept()) {
                    serving = answer(socket, handOffs, reports, later, daemons);
                }
            }
        }
    }

    private static void startQuartz(long period, long jobMs) throws Exception {
        Properties props = new Properties();
        props.setProperty("org.quartz.scheduler.instanceName", "app-quartz");
        props.setProperty("org.quartz.threadPool.threadCount", "2");
        props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
        scheduler.scheduleJob(
                JobBuilder.newJob(QuartzJob.class).withIdentity("recorded").usingJobData("ms", jobMs).build(),
                TriggerBuilder.newTrigger().startNow().withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(period).repeatForever()).build());
        scheduler.start();
    }

    /**
     * One request: hand the work off and answer before it is done, as a request handler would. False when
     * {@code main} is to return.
     */
    private static boolean answer(Socket socket, ExecutorService handOffs, ExecutorService reports,
                                  ScheduledExecutorService later, ExecutorService daemons) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true);
        String[] request = String.valueOf(in.readLine()).trim().split(" ");
        if (request.length == 2 && (request[0].equals("handoff") || request[0].equals("reports"))) {
            long ms = Long.parseLong(request[1]);
            (request[0].equals("handoff") ? handOffs : reports).execute(new RecordedJob(request[0], ms));
            out.println("accepted");
        } else if (request.length == 2 && request[0].equals("later")) {
            later.schedule(new RecordedJob("later", 500), Long.parseLong(request[1]), TimeUnit.MILLISECONDS);
            out.println("accepted");
        } else if (request.length == 2 && request[0].equals("quit")) {
            RecordedJob job = new RecordedJob("daemon", Long.parseLong(request[1]));
            daemons.execute(job);
            awaitStarted(job);
            out.println("accepted");
            return false;
        } else {
            out.println("unknown request");
        }
        return true;
    }

    /** So that the job runs when main returns, with or without the agent. */
    private static void awaitStarted(RecordedJob job) throws IOException {
        try {
            job.awaitStarted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the job starts");
        }
    }

    private static java.util.concurrent.ThreadFactory named(final String prefix) {
        final AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, prefix + n.incrementAndGet());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
