package dev.gracefulagent.integration.executor;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.config.Config;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The JDK's {@code ThreadPoolExecutor} (with {@code ScheduledThreadPoolExecutor}) and {@code java.util.Timer}.
 * Each executor and timer is registered when constructed, together with the class that created it, which
 * {@link ExecutorRules} uses to tell the application's from infrastructure. Every task run of an application
 * executor is counted: the call {@code task.run()} in {@code ThreadPoolExecutor.runWorker} and
 * {@code TimerThread.mainLoop} goes through the bridge, so subclasses overriding {@code beforeExecute} do not
 * matter. Stopping intake cancels periodic and delayed tasks (running ones are never interrupted) but keeps
 * every executor accepting hand-offs from requests still in flight; the drain waits for the running tasks and
 * for the queued ones.
 */
public final class ExecutorIntegration implements Integration {
    static final String NAME = "executor";
    private static final Logger LOG = Log.get(ExecutorIntegration.class);
    private static final String TPE = "java.util.concurrent.ThreadPoolExecutor";
    private static final String STPE = "java.util.concurrent.ScheduledThreadPoolExecutor";
    private static final String TIMER_THREAD = "java.util.TimerThread";
    private static final String TPE_INIT = "(IIJLjava/util/concurrent/TimeUnit;Ljava/util/concurrent/BlockingQueue;"
            + "Ljava/util/concurrent/ThreadFactory;Ljava/util/concurrent/RejectedExecutionHandler;)V";
    private static final String RUN_TASK_FRAME = Bridge.class.getName() + ".runTask";

    private final Pools pools = new Pools();
    /** The pool each worker thread serves, so a task run finds it without a lookup. */
    private final ThreadLocal<Pool> poolOfThread = new ThreadLocal<>();
    private ExecutorRules rules = new ExecutorRules(Collections.<String>emptyList(), Collections.<String>emptyList());
    private InFlight tasks;
    private InFlight backlogs;
    /** From stop intake to the deadline, at most: a delayed task due later could never run. */
    private long drainWindowNanos = TimeUnit.SECONDS.toNanos(30);
    private volatile boolean intakeStopped;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean schedulesWork() {
        return true;
    }

    @Override
    public void configure(Config config) {
        rules = new ExecutorRules(config.executorInclude(), config.executorExclude());
        drainWindowNanos = TimeUnit.MILLISECONDS.toNanos(config.timeoutMillis() - config.preStopDelayMillis());
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        tasks = new InFlight("tasks", new TaskDescriber(), signal);
        backlogs = new InFlight("executor queues", new BacklogDescriber(), signal, false);
        instrumenter.hook(NAME, HookPoint.atReturn(TPE, "<init>", TPE_INIT), new Bridge.Hook() {
            @Override
            public boolean enter(Object executor, Object a, Object b, Object c) {
                register(executor, JdkExecutors.kindOf(executor));
                return false;
            }
        });
        instrumenter.hook(NAME, HookPoint.atReturn(TIMER_THREAD, "<init>", "(Ljava/util/TaskQueue;)V"),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object timerThread, Object a, Object b, Object c) {
                        register(timerThread, Pool.Kind.TIMER);
                        return false;
                    }
                });
        Bridge.TaskHook runs = new TaskRuns();
        instrumenter.hookTasks(NAME, HookPoint.aroundTask(TPE, "runWorker",
                "(Ljava/util/concurrent/ThreadPoolExecutor$Worker;)V", "java.lang.Runnable"), runs);
        instrumenter.hookTasks(NAME, HookPoint.aroundTask(TIMER_THREAD, "mainLoop", "()V", "java.util.TimerTask"),
                runs);
        Bridge.Hook handOff = new Bridge.Hook() {
            @Override
            public boolean enter(Object executor, Object a, Object b, Object c) {
                if (intakeStopped) {
                    onHandOff(executor);
                }
                return false;
            }
        };
        instrumenter.hook(NAME, HookPoint.atEntry(TPE, "execute", "(Ljava/lang/Runnable;)V"), handOff);
        instrumenter.hook(NAME, HookPoint.atEntry(STPE, "schedule",
                "(Ljava/lang/Runnable;JLjava/util/concurrent/TimeUnit;)Ljava/util/concurrent/ScheduledFuture;"), handOff);
        instrumenter.hook(NAME, HookPoint.atEntry(STPE, "schedule",
                "(Ljava/util/concurrent/Callable;JLjava/util/concurrent/TimeUnit;)Ljava/util/concurrent/ScheduledFuture;"),
                handOff);
    }

    /** Called when an executor or timer has been constructed; walks the creating stack once. */
    private void register(Object executor, Pool.Kind kind) {
        String creator = ExecutorRules.creator(executor, new Throwable().getStackTrace());
        pools.add(newPool(executor, kind, creator));
    }

    private Pool newPool(Object executor, Pool.Kind kind, String creator) {
        String type = executor.getClass().getName();
        String factory = JdkExecutors.factoryClass(executor);
        Pool pool = new Pool(executor, kind, creator, rules.isApplication(creator, type, factory),
                rules.isExcluded(creator, type, factory));
        LOG.debug("{} {}: {}", kind, pool, pool.isApplication() ? "application, drained" : "infrastructure");
        return pool;
    }

    /** The pool a worker thread serves; one created before the hooks is classified on first sight. */
    private Pool poolOf(Object executor) {
        Pool pool = poolOfThread.get();
        if (pool != null && pool.get() == executor) {
            return pool;
        }
        pool = pools.find(executor);
        if (pool == null) {
            pool = pools.add(newPool(executor, JdkExecutors.kindOf(executor), null));
        }
        if (rules.hasPatterns()) {
            Boolean byName = rules.byThreadName(Thread.currentThread().getName());
            if (byName != null) {
                pool.decidedByThreadName(byName);
            }
        }
        poolOfThread.set(pool);
        return pool;
    }

    /**
     * Work is handed to an executor during the drain. From a request or task still draining, the drain must now
     * wait for it too. From a thread running no tracked work, it comes through an intake the agent did not stop
     * (a broker client's delivery thread, a feeder of the application's own): waiting for it could hold the
     * application's shutdown hostage until the deadline, so the drain stops waiting for new work on that pool.
     */
    private void onHandOff(Object executor) {
        Pool pool = pools.find(executor);
        if (pool == null || !pool.isApplication() || JdkExecutors.isShutdown(executor) || pool.isFedFromOutside()) {
            return;
        }
        if (UnknownIntake.isPartOfTheDrain()) {
            pool.holdBacklog(backlogs);
            return;
        }
        if (!UnknownIntake.isUnknownIntake()) {
            return;
        }
        String source = HandOffSource.describe(Thread.currentThread());
        if (pool.fedFromOutside(source)) {
            LOG.warn("work keeps arriving at {} from {}, which runs no work the agent tracks: an intake it does not"
                    + " know; the drain waits only for the runs already under way there, and the application's own"
                    + " shutdown stops that intake", pool, source);
        }
    }

    /** Keeps the pool's backlog unit in line with its queue; runs only during the drain. */
    private void reconcile(Pool pool, Object executor) {
        if (JdkExecutors.hasQueuedWork(pool.kind, executor) && !pool.isFedFromOutside()) {
            pool.holdBacklog(backlogs);
        } else {
            pool.releaseBacklog();
        }
    }

    /** Brackets every task run of the hooked executors and timers. */
    private final class TaskRuns implements Bridge.TaskHook {
        @Override
        public Object begin(Object executor, Runnable task) {
            Pool pool = poolOf(executor);
            if (!pool.isApplication() || intakeStopped && pool.isFedFromOutside()) {
                return null;
            }
            if (intakeStopped && JdkExecutors.refuseRun(pool.kind, task)) {
                reconcile(pool, executor);
                return Bridge.SKIP;
            }
            Unit unit = tasks.begin(task);
            if (intakeStopped) {
                reconcile(pool, executor);
            }
            return unit;
        }

        @Override
        public void end(Object token) {
            Unit unit = (Unit) token;
            if (intakeStopped) {
                Pool pool = poolOfThread.get();
                Object executor = pool == null ? null : pool.get();
                if (executor != null) {
                    if (pool.kind == Pool.Kind.SCHEDULED) {
                        JdkExecutors.dropPeriodic(executor, (Runnable) unit.subject());
                    }
                    // hold the backlog before this run ends, or the count could touch zero between two tasks
                    reconcile(pool, executor);
                }
            }
            unit.end();
        }
    }

    @Override
    public String stopIntake() {
        intakeStopped = true;
        int scheduledPools = 0;
        int timers = 0;
        int cancelled = 0;
        int queued = 0;
        for (Pool pool : pools.snapshot()) {
            Object executor = pool.get();
            if (executor == null || !pool.isApplication()) {
                continue;
            }
            if (pool.kind == Pool.Kind.TIMER) {
                timers++;
                continue;
            }
            if (pool.kind == Pool.Kind.SCHEDULED) {
                scheduledPools++;
                cancelled += JdkExecutors.cancelScheduled(executor, drainWindowNanos);
            }
            if (JdkExecutors.hasQueuedWork(pool.kind, executor)) {
                pool.holdBacklog(backlogs);
                queued++;
            }
        }
        if (scheduledPools + timers + queued == 0) {
            return null;
        }
        return "cancelled " + cancelled + " periodic or late task(s) on " + scheduledPools
                + " scheduled executor(s), " + timers + " timer(s) start no periodic runs, " + queued
                + " executor(s) with queued work";
    }

    @Override
    public List<InFlight> inFlight() {
        return Arrays.asList(tasks, backlogs);
    }

    /** "com.example.NightlyReport": the task the application submitted. */
    private static final class TaskDescriber implements Describer {
        @Override
        public String describe(Object task) {
            return "task " + JdkExecutors.describe(task);
        }

        @Override
        public String entryFrame() {
            return RUN_TASK_FRAME;
        }
    }

    /** The executor whose queue still holds work; it is not on any thread's stack. */
    private static final class BacklogDescriber implements Describer {
        @Override
        public String describe(Object pool) {
            Object executor = ((Pool) pool).get();
            return (executor == null ? "" : JdkExecutors.queuedCount(executor) + " ") + "queued task(s) of " + pool;
        }

        @Override
        public String entryFrame() {
            // a queue is on no thread's stack: the report shows where its unit began and that it waits
            return "(queued)";
        }
    }
}
