package dev.gracefulagent.it.springasync;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The application's background work: an {@code @Async} job and two {@code @Scheduled} ones (fixed rate, fixed delay). */
@Component
public class Jobs {
    private final long jobMs = Long.parseLong(SpringAsyncApp.env("JOB_MS", "3000"));
    private final long scheduledMs = Long.parseLong(SpringAsyncApp.env("SCHEDULED_MS", "1000"));
    private final AtomicInteger scheduledRuns = new AtomicInteger();
    private final AtomicInteger delayedRuns = new AtomicInteger();
    private final AtomicInteger cronRuns = new AtomicInteger();

    @Async
    public void async(String name) {
        work(name, jobMs);
    }

    @Scheduled(fixedRateString = "${SCHEDULE_MS:1500}")
    public void scheduled() {
        work("scheduled-" + scheduledRuns.incrementAndGet(), scheduledMs);
    }

    /**
     * Spring runs fixed-delay jobs on its scheduler's own thread; with virtual threads on, that thread is a
     * virtual one that lives as long as the scheduler.
     */
    @Scheduled(fixedDelayString = "${SCHEDULE_MS:1500}")
    public void delayed() {
        work("delayed-" + delayedRuns.incrementAndGet(), scheduledMs);
    }

    /** Spring schedules each run of a cron job as a one-shot task on its scheduler, rescheduled after the run. */
    @Scheduled(cron = "${CRON:*/2 * * * * *}")
    public void cron() {
        work("cron-" + cronRuns.incrementAndGet(), scheduledMs);
    }

    private static void work(String name, long ms) {
        System.out.println("job " + name + " start at " + System.currentTimeMillis() + " on " + Thread.currentThread());
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            System.out.println("job " + name + " interrupted at " + System.currentTimeMillis());
            return;
        }
        System.out.println("job " + name + " end at " + System.currentTimeMillis());
    }
}
