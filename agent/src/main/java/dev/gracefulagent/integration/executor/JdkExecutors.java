package dev.gracefulagent.integration.executor;

import java.util.TimerTask;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The calls the integration makes on the JDK's executors and timers. Kept apart so that these JDK classes
 * are not loaded (and verified against) while the agent starts, before its hooks can weave them.
 */
final class JdkExecutors {
    private JdkExecutors() {
    }

    static Pool.Kind kindOf(Object executor) {
        if (executor instanceof ScheduledThreadPoolExecutor) {
            return Pool.Kind.SCHEDULED;
        }
        return executor instanceof ThreadPoolExecutor ? Pool.Kind.POOL : Pool.Kind.TIMER;
    }

    static String factoryClass(Object executor) {
        return executor instanceof ThreadPoolExecutor
                ? ((ThreadPoolExecutor) executor).getThreadFactory().getClass().getName() : null;
    }

    /**
     * After intake stopped: whether this run must not start, in which case the task is cancelled. Periodic
     * runs are refused; a one-shot task runs, as it may be completing a request still in flight. A timer
     * marks a one-shot task executed before running it, so {@code TimerTask.cancel()} answers true exactly
     * for periodic ones.
     */
    static boolean refuseRun(Pool.Kind kind, Runnable task) {
        if (kind == Pool.Kind.TIMER) {
            return task instanceof TimerTask && ((TimerTask) task).cancel();
        }
        if (kind == Pool.Kind.SCHEDULED && isPeriodic(task)) {
            ((Future<?>) task).cancel(false);
            return true;
        }
        return false;
    }

    static boolean isPeriodic(Runnable task) {
        return task instanceof RunnableScheduledFuture && ((RunnableScheduledFuture<?>) task).isPeriodic();
    }

    /**
     * A periodic task that just completed its last run: it has already put itself back in the queue, so it
     * is taken out again, lest it hold the drain until its next time.
     */
    static void dropPeriodic(Object executor, Runnable task) {
        if (isPeriodic(task)) {
            ((Future<?>) task).cancel(false);
            ((ThreadPoolExecutor) executor).remove(task);
        }
    }

    /** Whether tasks wait in the queue that will still run (cancelled and periodic ones will not). */
    static boolean hasQueuedWork(Pool.Kind kind, Object executor) {
        if (kind == Pool.Kind.TIMER) {
            return false;
        }
        ThreadPoolExecutor pool = (ThreadPoolExecutor) executor;
        if (kind == Pool.Kind.POOL) {
            return !pool.getQueue().isEmpty();
        }
        for (Object queued : pool.getQueue().toArray()) {
            if (!isPeriodic((Runnable) queued) && !((Future<?>) queued).isCancelled()) {
                return true;
            }
        }
        return false;
    }

    /** For the report: how many tasks wait in the queue. */
    static int queuedCount(Object executor) {
        return executor instanceof ThreadPoolExecutor ? ((ThreadPoolExecutor) executor).getQueue().size() : 0;
    }

    static boolean isShutdown(Object executor) {
        return executor instanceof ThreadPoolExecutor && ((ThreadPoolExecutor) executor).isShutdown();
    }

    /**
     * Stops a scheduled executor's intake the way its shutdown policies would, without shutting it down (so
     * it still accepts hand-offs): periodic tasks are cancelled, and so are one-shot tasks not due within
     * {@code horizonNanos} (they could not run before the deadline); one-shot tasks due sooner stay, as they
     * may complete a request in flight. Cancelled tasks leave the queue. Returns how many were cancelled.
     */
    static int cancelScheduled(Object executor, long horizonNanos) {
        ScheduledThreadPoolExecutor pool = (ScheduledThreadPoolExecutor) executor;
        int cancelled = 0;
        for (Object queued : pool.getQueue().toArray()) {
            RunnableScheduledFuture<?> task = (RunnableScheduledFuture<?>) queued;
            if (!task.isDone() && (task.isPeriodic() || task.getDelay(TimeUnit.NANOSECONDS) > horizonNanos)) {
                task.cancel(false);
                cancelled++;
            }
        }
        pool.purge();
        return cancelled;
    }

    /** The task the application submitted, as its class name; JDK wrappers name what they wrap. */
    static String describe(Object task) {
        String name = task.getClass().getName();
        if (!name.startsWith("java.")) {
            return name;
        }
        // FutureTask and its kin print "...[Not completed, task = <wrapped>]"
        String text = task.toString();
        int wrapped = text.lastIndexOf("task = ");
        if (wrapped < 0) {
            return name;
        }
        int end = wrapped + 7;
        while (end < text.length() && text.charAt(end) != '@' && text.charAt(end) != ']') {
            end++;
        }
        return text.substring(wrapped + 7, end);
    }
}
