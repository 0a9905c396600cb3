package dev.gracefulagent.integration.executor;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import java.lang.ref.WeakReference;
import org.slf4j.Logger;

/**
 * Tasks the application submits to a {@code ForkJoinPool}: to a pool of its own, and to the common pool
 * ({@code CompletableFuture.runAsync}/{@code supplyAsync} without an executor, {@code commonPool().submit}). A
 * pool is judged once, when constructed, by the class that created it, as executors are; the common pool, which
 * the JDK and libraries share, is judged per submission by the class that submitted ({@link CallSite}). A task of
 * the application counts from its submission (queued work holds the drain) until its {@code doExec()} returns.
 * Only explicit submissions count: the subtasks a parallel stream forks, and the stream's own root task, which
 * the calling thread runs itself, belong to the call that waits for them (a request, a job) and are not counted
 * again. Submissions to pools of the JDK (the virtual-thread scheduler) and of libraries cost one reference
 * comparison and a scan of the application's pools (usually none or one).
 */
public final class ForkJoinIntegration extends StartedWorkIntegration {
    static final String NAME = "forkjoin";
    private static final Logger LOG = Log.get(ForkJoinIntegration.class);

    /** Application pools, copied on write: read on every submission, written when such a pool is created. */
    private volatile Object[] applicationPools = new Object[0];
    private volatile Object commonPool;
    /** Application tasks submitted and not yet running, and those running, by task. */
    private final UnitsByKey queued = new UnitsByKey();
    private final UnitsByKey running = new UnitsByKey();
    /** How many application tasks the current thread is running: a task they submit is the application's too. */
    private final ThreadLocal<int[]> runningHere = new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
            return new int[1];
        }
    };
    /** What a lambda's class says of a submission: its site if the application's, "" if not, or undecided. */
    private static final String UNDECIDED = new String("undecided");
    private final ClassValue<String> siteOfFunction = new ClassValue<String>() {
        @Override
        protected String computeValue(Class<?> type) {
            String name = type.getName();
            int lambda = name.indexOf("$$Lambda");
            String site = lambda > 0 ? name.substring(0, lambda) : null;
            if (site == null || CallSite.isJdk(site)) {
                return UNDECIDED; // an object of a class of its own may be handed on by anyone: the stack tells
            }
            return siteRules.isApplication(site, null, null) ? site : "";
        }
    };
    /** The judgement of the submission this thread is about to make, set just before it by {@link #onAsyncStage}. */
    private final ThreadLocal<String> decidedSite = new ThreadLocal<>();
    private final CallSite.Finder submitter = new CallSite.Finder(new CallSite.Plumbing() {
        @Override
        public boolean isPlumbing(String className) {
            return className.startsWith("java.util.concurrent.");
        }
    });

    public ForkJoinIntegration() {
        super(NAME, "fork/join tasks");
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        tasks = new InFlight("tasks", new ForkJoinTaskDescriber(), signal);
        JdkForkJoin.Shape shape = JdkForkJoin.shape(JavaVersion.feature());
        if (shape == null) {
            LOG.debug("fork/join pools of Java {} are not known to the agent: their tasks are not drained",
                    System.getProperty("java.version"));
            return;
        }
        instrumenter.hook(NAME, HookPoint.atReturn(JdkForkJoin.POOL, "<init>", JdkForkJoin.POOL_INIT),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object pool, Object a, Object b, Object c) {
                        onCreated(pool);
                        return false;
                    }
                });
        Bridge.Hook submit = new Bridge.Hook() {
            @Override
            public boolean enter(Object pool, Object task, Object b, Object c) {
                onSubmit(pool, task);
                return false;
            }
        };
        if (shape.poolSubmit) {
            instrumenter.hook(NAME, HookPoint.atEntry(JdkForkJoin.POOL, "poolSubmit", JdkForkJoin.POOL_SUBMIT, 1),
                    submit);
        }
        if (shape.externalSubmit) {
            instrumenter.hook(NAME, HookPoint.atEntry(JdkForkJoin.POOL, "externalSubmit",
                    JdkForkJoin.EXTERNAL_SUBMIT, 0), submit);
        }
        hookRun(instrumenter, JdkForkJoin.TASK, "doExec", shape.doExec);
        Bridge.Hook asyncStage = new Bridge.Hook() {
            @Override
            public boolean enter(Object none, Object executor, Object function, Object c) {
                onAsyncStage(executor, function);
                return false;
            }
        };
        instrumenter.hook(NAME, HookPoint.atEntry(JdkForkJoin.CF, "asyncRunStage",
                "(Ljava/util/concurrent/Executor;Ljava/lang/Runnable;)Ljava/util/concurrent/CompletableFuture;", 0, 1),
                asyncStage);
        instrumenter.hook(NAME, HookPoint.atEntry(JdkForkJoin.CF, "asyncSupplyStage",
                "(Ljava/util/concurrent/Executor;Ljava/util/function/Supplier;)"
                        + "Ljava/util/concurrent/CompletableFuture;",
                0, 1), asyncStage);
        if (shape.threadPerTaskFallback) {
            // the submission has no pool: it is judged like one to the common pool
            instrumenter.hook(NAME, HookPoint.atEntry(JdkForkJoin.CF_THREAD_PER_TASK, "execute",
                    "(Ljava/lang/Runnable;)V", 0), new Bridge.Hook() {
                        @Override
                        public boolean enter(Object executor, Object task, Object b, Object c) {
                            onSubmitToShared(null, task);
                            return false;
                        }
                    });
            for (String asyncTask : JdkForkJoin.CF_ASYNC_TASKS) {
                hookRun(instrumenter, asyncTask, "run", "()V");
            }
        }
    }

    /** A task runs between the entry of {@code method} and its return, on the thread that called it. */
    private void hookRun(Instrumenter instrumenter, String type, String method, String descriptor) {
        instrumenter.hook(NAME, HookPoint.atEntry(type, method, descriptor), new Bridge.Hook() {
            @Override
            public boolean enter(Object task, Object a, Object b, Object c) {
                onRunBegins(task);
                return false;
            }
        });
        instrumenter.hook(NAME, HookPoint.atReturn(type, method, descriptor), new Bridge.Hook() {
            @Override
            public boolean enter(Object task, Object a, Object b, Object c) {
                onRunEnds(task);
                return false;
            }
        });
    }

    /** A pool other than the common one: judged once, by the class that created it. */
    private void onCreated(Object pool) {
        String creator = ExecutorRules.creator(pool, new Throwable().getStackTrace());
        String factory = JdkForkJoin.factoryClass(pool);
        if (!executorRules.isApplication(creator, pool.getClass().getName(), factory)) {
            return;
        }
        synchronized (this) {
            Object[] pools = applicationPools;
            Object[] more = new Object[pools.length + 1];
            System.arraycopy(pools, 0, more, 0, pools.length);
            more[pools.length] = new WeakReference<Object>(pool);
            applicationPools = more;
        }
        LOG.debug("ForkJoinPool {} created by {}: application, drained", pool, creator);
    }

    private void onSubmit(Object pool, Object task) {
        for (Object ref : applicationPools) {
            if (((WeakReference<?>) ref).get() == pool) {
                queue(task, pool, null);
                return;
            }
        }
        if (pool == commonPool()) {
            onSubmitToShared(pool, task);
        }
    }

    /**
     * {@code CompletableFuture.runAsync}/{@code supplyAsync} is about to submit {@code function} to the common
     * pool. A lambda's class is named after the class whose code wrote it, the submitting site, so the submission
     * that follows on this thread is judged by it without walking the stack (the class's judgement is kept). Other
     * functions are judged by the stack.
     */
    private void onAsyncStage(Object executor, Object function) {
        if (function == null || !(executor == commonPool() || isThreadPerTaskFallback(executor))) {
            return;
        }
        String site = siteOfFunction.get(function.getClass());
        if (site != UNDECIDED) {
            decidedSite.set(site);
        }
    }

    private static boolean isThreadPerTaskFallback(Object executor) {
        return executor != null && executor.getClass().getName().equals(JdkForkJoin.CF_THREAD_PER_TASK);
    }

    /** A submission to the shared common pool: judged by the class that submitted it. */
    private void onSubmitToShared(Object pool, Object task) {
        String from = decidedSite.get();
        boolean application;
        if (from != null) {
            decidedSite.set(null);
            application = !from.isEmpty();
        } else {
            from = CallSite.find(submitter);
            application = from == null
                    // only the JDK's concurrency code on the stack: an application task running here chains on
                    ? runningHere.get()[0] > 0
                    : siteRules.isApplication(from, null, null);
        }
        if (application) {
            queue(task, pool, from);
        }
    }

    private Object commonPool() {
        Object common = commonPool;
        if (common == null) {
            common = JdkForkJoin.commonPool();
            commonPool = common;
        }
        return common;
    }

    private void queue(Object task, Object pool, String from) {
        if (unknownIntake.admits(from)) {
            endIfAny(queued.put(task, tasks.begin(new Submitted(task, pool, from))));
        }
    }

    private void onRunBegins(Object task) {
        Unit unit = queued.remove(task);
        if (unit != null) {
            unit.movedToCurrentThread();
            endIfAny(running.put(task, unit));
            runningHere.get()[0]++;
        }
    }

    /** The same task submitted again (a resubmitted {@code ForkJoinTask}) replaces its earlier unit. */
    private static void endIfAny(Unit replaced) {
        if (replaced != null) {
            replaced.end();
        }
    }

    private void onRunEnds(Object task) {
        Unit unit = running.remove(task);
        if (unit != null) {
            runningHere.get()[0]--;
            unit.end();
        }
    }

    /** A task of the application, the pool it went to (null: CompletableFuture's thread per task) and its submitter. */
    private static final class Submitted {
        final Object task;
        final String pool;
        final String from;

        Submitted(Object task, Object pool, String from) {
            this.task = task;
            this.pool = pool == null ? "a thread of its own" : pool == JdkForkJoin.commonPool()
                    ? "the common ForkJoinPool" : "ForkJoinPool@" + Integer.toHexString(System.identityHashCode(pool));
            this.from = from;
        }
    }

    /** "task ...CompletableFuture$AsyncSupply on the common ForkJoinPool, submitted by com.example.Jobs". */
    private static final class ForkJoinTaskDescriber implements Describer {
        @Override
        public String describe(Object subject) {
            Submitted submitted = (Submitted) subject;
            return "task " + JdkExecutors.describe(submitted.task) + " on " + submitted.pool
                    + (submitted.from == null ? "" : ", submitted by " + submitted.from);
        }

        @Override
        public String entryFrame() {
            return JdkForkJoin.TASK + ".doExec";
        }
    }
}
