package dev.gracefulagent.testbed.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The testbeds' background work, plain JDK executors with no shutdown code: a scheduled job every
 * {@code JOB_PERIOD_MS} (default 1000, 0 for none) whose runs take {@code JOB_MS} (default 300), and hand-offs a
 * request gives to a pool and answers before they finish. Each run records its start and end in the database.
 */
public final class BackgroundWork {
    private final Database database;
    private final ExecutorService handoffs = Executors.newFixedThreadPool(4);

    private BackgroundWork(Database database) {
        this.database = database;
    }

    public static BackgroundWork start(Database database) {
        BackgroundWork work = new BackgroundWork(database);
        long period = Long.parseLong(System.getenv().getOrDefault("JOB_PERIOD_MS", "1000"));
        long jobMillis = Long.parseLong(System.getenv().getOrDefault("JOB_MS", "300"));
        if (period > 0) {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            scheduler.scheduleAtFixedRate(() -> work.run("job", jobMillis), period, period, TimeUnit.MILLISECONDS);
        }
        return work;
    }

    /** Hands a run of {@code millis} to the pool and returns at once. */
    public void handOff(long millis) {
        handoffs.execute(() -> run("handoff", millis));
    }

    private void run(String kind, long millis) {
        try {
            long id = database.jobStarted(kind);
            Thread.sleep(millis);
            database.jobEnded(id);
        } catch (Exception e) {
            System.err.println("testbed " + kind + " failed: " + e);
        }
    }
}
