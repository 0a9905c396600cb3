package dev.gracefulagent.testbed.tomcat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** What the work servlets do, apart from speaking the servlet API. */
final class Work {
    static final String DONE = "done";
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "async-completer");
        t.setDaemon(true);
        return t;
    });

    private Work() {
    }

    /** The {@code ms} query parameter, 0 when absent. */
    static long millis(String ms) {
        return ms == null ? 0 : Long.parseLong(ms);
    }

    /** Blocks the calling thread; false when it was interrupted. */
    static boolean block(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code completion} on a timer thread after {@code millis}, as an async request completes. */
    static void later(long millis, Runnable completion) {
        TIMER.schedule(completion, millis, TimeUnit.MILLISECONDS);
    }
}
