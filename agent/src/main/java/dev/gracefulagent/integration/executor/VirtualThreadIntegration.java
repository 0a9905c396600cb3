package dev.gracefulagent.integration.executor;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import org.slf4j.Logger;

/**
 * Virtual threads the application starts (JDK 21+): {@code Thread.ofVirtual().start}, {@code
 * Thread.startVirtualThread}, {@code Executors.newVirtualThreadPerTaskExecutor()} and {@code
 * newThreadPerTaskExecutor} with a virtual factory, Spring's {@code SimpleAsyncTaskExecutor} and {@code
 * SimpleAsyncTaskScheduler} with virtual threads on. Every one of them passes four methods of {@code
 * java.lang.VirtualThread}: its constructor and {@code start(ThreadContainer)} on the starting thread,
 * {@code run(Runnable)} on the virtual thread, and {@code afterDone(boolean)} when it terminated or failed to
 * start. At the start the starting stack is walked once and judged like an executor's creator ({@link SiteRules}),
 * unless the thread's task is of an infrastructure class; a thread of the application is then counted from its
 * start (so one started but not yet running holds the drain too) until it is done. A virtual thread is never
 * interrupted. After intake stopped, a request or task still draining may start one, which is waited for too; one
 * started by a thread running no tracked work is not ({@link UnknownIntake}).
 */
public final class VirtualThreadIntegration extends StartedWorkIntegration {
    static final String NAME = "virtualthread";
    private static final Logger LOG = Log.get(VirtualThreadIntegration.class);
    private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";
    private static final String POOL = "java.util.concurrent.ThreadPoolExecutor";
    /** Framework classes that only hand a task to a new thread: the code that called them is the origin. */
    private static final String[] EXECUTOR_PLUMBING = {
        "org.springframework.core.task.", "org.springframework.scheduling.", "org.springframework.aop.",
        "org.springframework.util.concurrent.",
    };

    /** The unit of each application virtual thread from its start until it is done; empty most of the time. */
    private final UnitsByKey started = new UnitsByKey();
    /**
     * A virtual thread started by a {@code ThreadPoolExecutor} (one with a virtual thread factory) is a worker that
     * lives as long as its pool: its tasks are counted by the executor integration, the thread itself is not work.
     * So the pool's frame is not looked past: it becomes the origin, which the JDK prefix makes infrastructure.
     * Told by the class alone (the walk reads no method names): a pool starts threads only in {@code addWorker},
     * and a pool's worker running a task that starts a thread has the task's frames above {@code runWorker}.
     */
    private final CallSite.Finder origin = new CallSite.Finder(new CallSite.Plumbing() {
        @Override
        public boolean isPlumbing(String className) {
            return (CallSite.isJdk(className) && !className.equals(POOL))
                    || CallSite.startsWithAny(className, EXECUTOR_PLUMBING);
        }
    });
    private final CallSite.Finder firstOutsideJdk = new CallSite.Finder(new CallSite.Plumbing() {
        @Override
        public boolean isPlumbing(String className) {
            return CallSite.isJdk(className);
        }
    });
    private final ClassValue<Boolean> isInfrastructureTask = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            String name = type.getName();
            return !CallSite.isJdk(name) && !siteRules.isApplication(name, null, null);
        }
    };
    /** The virtual thread this thread created last, when its task was infrastructure's; null once it started. */
    private final ThreadLocal<Object> lastInfrastructureCreated = new ThreadLocal<>();

    public VirtualThreadIntegration() {
        super(NAME, "virtual threads");
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        tasks = new InFlight("tasks", new VirtualThreadDescriber(), signal);
        if (JavaVersion.feature() < 21) {
            return; // virtual threads are final from 21 on; 19 and 20 had them as a preview with other internals
        }
        instrumenter.hook(NAME, HookPoint.atReturn(VIRTUAL_THREAD, "<init>",
                "(Ljava/util/concurrent/Executor;Ljava/lang/String;ILjava/lang/Runnable;)V", 3), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object thread, Object task, Object b, Object c) {
                        onCreated(thread, task);
                        return false;
                    }
                });
        instrumenter.hook(NAME, HookPoint.atEntry(VIRTUAL_THREAD, "start", "(Ljdk/internal/vm/ThreadContainer;)V"),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object thread, Object a, Object b, Object c) {
                        onStart((Thread) thread);
                        return false;
                    }
                });
        instrumenter.hook(NAME, HookPoint.atEntry(VIRTUAL_THREAD, "run", "(Ljava/lang/Runnable;)V", 0),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object thread, Object task, Object b, Object c) {
                        onRun(thread, task);
                        return false;
                    }
                });
        instrumenter.hook(NAME, HookPoint.atEntry(VIRTUAL_THREAD, "afterDone", "(Z)V"), new Bridge.Hook() {
            @Override
            public boolean enter(Object thread, Object a, Object b, Object c) {
                onDone(thread);
                return false;
            }
        });
    }

    /**
     * A server's request threads run a task of the server's own class (Tomcat's socket processor): such a thread is
     * infrastructure whoever starts it, and is judged without walking the stack when it starts on the thread that
     * created it, as a builder's {@code start} does. A task of the application's class says nothing: a library may
     * start a thread to call back the application, so the stack decides.
     */
    private void onCreated(Object thread, Object task) {
        if (task != null && isInfrastructureTask.get(task.getClass())) {
            lastInfrastructureCreated.set(thread);
        }
    }

    /** On the starting thread, before the virtual thread can run: judged once, by where it was started from. */
    private void onStart(Thread thread) {
        if (lastInfrastructureCreated.get() == thread) {
            lastInfrastructureCreated.set(null);
            if (!siteRules.includesByThreadName(thread.getName())) {
                return;
            }
        }
        String from = CallSite.find(origin);
        String via = null;
        if (from == null) {
            // only a framework's executor on the stack (its scheduler thread runs a trigger): judge by that
            from = CallSite.find(firstOutsideJdk);
            via = from;
        }
        if (!siteRules.isApplication(from, via, thread.getName()) || !unknownIntake.admits(from)) {
            return;
        }
        started.put(thread, tasks.begin(new StartedThread(thread, from)));
        LOG.debug("virtual thread {} started by {}: application, drained", thread, from);
    }

    private void onRun(Object thread, Object task) {
        Unit unit = started.get(thread);
        if (unit != null) {
            ((StartedThread) unit.subject()).task = task;
            unit.movedToCurrentThread();
        }
    }

    private void onDone(Object thread) {
        Unit unit = started.remove(thread);
        if (unit != null) {
            unit.end();
        }
    }

    /** What the report says of a virtual thread: its task, the thread, where it was started from. */
    private static final class StartedThread {
        final Thread thread;
        final String origin;
        /** Set when it runs; until then it is only started. */
        volatile Object task;

        StartedThread(Thread thread, String origin) {
            this.thread = thread;
            this.origin = origin;
        }
    }

    /** "task com.example.Report on virtual thread report-1, started by com.example.Jobs". */
    private static final class VirtualThreadDescriber implements Describer {
        @Override
        public String describe(Object subject) {
            StartedThread started = (StartedThread) subject;
            Object task = started.task;
            String name = started.thread.getName();
            return (task == null ? "task not yet running" : "task " + JdkExecutors.describe(task))
                    + " on virtual thread " + (name.isEmpty() ? "#" + started.thread.getId() : name)
                    + ", started by " + started.origin;
        }

        @Override
        public String entryFrame() {
            return VIRTUAL_THREAD + ".run";
        }
    }
}
