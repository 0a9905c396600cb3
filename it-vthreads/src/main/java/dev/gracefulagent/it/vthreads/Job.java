package dev.gracefulagent.it.vthreads;

import java.util.stream.IntStream;

/**
 * A unit of background work that takes {@code ms} and prints its start and end on stdout
 * ({@code job <kind> start at <epoch ms>}), so that a test can tell which jobs were cut off and when each began.
 * With {@code parallel}, the work is a parallel stream of four slices of {@code ms / 2}.
 */
public final class Job implements Runnable {
    private final String kind;
    private final long ms;
    private final boolean parallel;

    public Job(String kind, long ms, boolean parallel) {
        this.kind = kind;
        this.ms = ms;
        this.parallel = parallel;
    }

    @Override
    public void run() {
        record("start");
        try {
            if (parallel) {
                IntStream.range(0, 4).parallel().forEach(slice -> sleep(ms / 2));
            } else {
                sleep(ms);
            }
        } catch (IllegalStateException interrupted) {
            record("interrupted");
            return;
        }
        record("end");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void record(String phase) {
        System.out.println("job " + kind + " " + phase + " at " + System.currentTimeMillis());
    }
}
