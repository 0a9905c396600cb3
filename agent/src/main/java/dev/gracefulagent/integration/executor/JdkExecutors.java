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

    /** After intake stopped: periodic runs of a scheduled executor and every timer run start no more. */
    static boolean mustNotStart(Pool.Kind kind, Runnable task) {
        return kind == Pool.Kind.TIMER || kind == Pool.Kind.SCHEDULED && isPeriodic(task);
    }

    static boolean isPeriodic(Runnable task) {
        return task instanceof RunnableScheduledFuture && ((RunnableScheduledFuture<?>) task).isPeriodic();
    }

    /** Cancels without interrupting: whoever waits for the task learns it will not run. */
    static void cancel(Runnable task) {
        if (task instanceof Future) {
            ((Future<?>) task).cancel(false);
        } else if (task instanceof TimerTask) {
            ((TimerTask) task).cancel();
        }
    }

    /**
     * A periodic task that just completed its last run: it has already put itself back in the queue, so it
     * is taken out again, lest it hold the drain until its next time.
     */
    static void dropPeriodic(Object executor, Runnable task) {
        if (isPeriodic(task)) {
            cancel(task);
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

    static boolean isShutdown(Object executor) {
        return executor instanceof ThreadPoolExecutor && ((ThreadPoolExecutor) executor).isShutdown();
    }

    /**
     * Stops a scheduled executor's intake the way its shutdown policies would, without shutting it down (so
     * it still accepts hand-offs): periodic tasks and tasks whose delay has not elapsed are cancelled and
     * removed. Returns how many were cancelled.
     */
    static int cancelScheduled(Object executor) {
        ScheduledThreadPoolExecutor pool = (ScheduledThreadPoolExecutor) executor;
        int cancelled = 0;
        for (Object queued : pool.getQueue().toArray()) {
            RunnableScheduledFuture<?> task = (RunnableScheduledFuture<?>) queued;
            if (!task.isDone() && (task.isPeriodic() || task.getDelay(TimeUnit.NANOSECONDS) > 0)) {
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
