package dev.gracefulagent.it.executors;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A unit of background work that takes {@code ms} and records its start and end in the database (table
 * {@code job_runs}: kind, run number, phase, epoch millis), so that a test can tell after the process ended
 * which runs completed, which were cut off and when each began. Also prints each event on stdout.
 */
public final class RecordedJob implements Runnable {
    private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    private static Connection db;

    private final String kind;
    private final long ms;
    private final CountDownLatch started = new CountDownLatch(1);

    public RecordedJob(String kind, long ms) {
        this.kind = kind;
        this.ms = ms;
    }

    /** Opens the database (env {@code DB_URL}, default an H2 file beside the jar) and creates the table. */
    public static synchronized void openDatabase(String url) throws SQLException {
        db = DriverManager.getConnection(url, "sa", "");
        try (Statement st = db.createStatement()) {
            st.execute("create table if not exists job_runs (kind varchar(20), run int, phase varchar(10),"
                    + " at_ms bigint)");
        }
    }

    @Override
    public void run() {
        int run = RUNS.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        record(run, "start");
        started.countDown();
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            record(run, "interrupted");
            Thread.currentThread().interrupt();
            return;
        }
        record(run, "end");
    }

    /** Waits until a run of this job has recorded its start. */
    public void awaitStarted() throws InterruptedException {
        started.await();
    }

    private void record(int run, String phase) {
        long now = System.currentTimeMillis();
        synchronized (RecordedJob.class) {
            try (PreparedStatement st = db.prepareStatement("insert into job_runs values (?, ?, ?, ?)")) {
                st.setString(1, kind);
                st.setInt(2, run);
                st.setString(3, phase);
                st.setLong(4, now);
                st.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("could not record " + kind + " " + run + " " + phase, e);
            }
        }
        System.out.println("job " + kind + " " + run + " " + phase + " at " + now);
    }
}
