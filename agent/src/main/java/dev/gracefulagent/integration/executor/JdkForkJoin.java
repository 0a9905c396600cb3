package dev.gracefulagent.integration.executor;

import java.util.concurrent.ForkJoinPool;

/**
 * The calls the fork/join integration makes on the JDK's classes, and the hook points of the running JDK's
 * version. Kept apart so that {@code ForkJoinPool} is not loaded while the agent starts, before its hooks can
 * weave it.
 */
final class JdkForkJoin {
    static final String POOL = "java.util.concurrent.ForkJoinPool";
    static final String TASK = "java.util.concurrent.ForkJoinTask";
    static final String CF = "java.util.concurrent.CompletableFuture";
    static final String POOL_INIT = "(ILjava/util/concurrent/ForkJoinPool$ForkJoinWorkerThreadFactory;"
            + "Ljava/lang/Thread$UncaughtExceptionHandler;ZIIILjava/util/function/Predicate;J"
            + "Ljava/util/concurrent/TimeUnit;)V";
    static final String EXTERNAL_SUBMIT = "(Ljava/util/concurrent/ForkJoinTask;)Ljava/util/concurrent/ForkJoinTask;";
    static final String POOL_SUBMIT = "(ZLjava/util/concurrent/ForkJoinTask;)Ljava/util/concurrent/ForkJoinTask;";
    /** Where CompletableFuture runs its async tasks when the common pool has a parallelism of 1 (JDK 17 on 2 CPUs). */
    static final String CF_THREAD_PER_TASK = "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor";
    static final String[] CF_ASYNC_TASKS = {
        "java.util.concurrent.CompletableFuture$AsyncRun", "java.util.concurrent.CompletableFuture$AsyncSupply",
    };

    private JdkForkJoin() {
    }

    static Object commonPool() {
        return ForkJoinPool.commonPool();
    }

    static String factoryClass(Object pool) {
        return ((ForkJoinPool) pool).getFactory().getClass().getName();
    }

    /** How the running JDK's fork/join classes look, or null for a version not known to the agent. */
    static final class Shape {
        /** Descriptor of {@code ForkJoinTask.doExec()}: it returned the status up to 17 and returns nothing since. */
        final String doExec;
        /** {@code ForkJoinPool.poolSubmit(boolean, ForkJoinTask)}, through which most submissions go since 19. */
        final boolean poolSubmit;
        /** {@code ForkJoinPool.externalSubmit(ForkJoinTask)}: all submissions up to 18, a public method since 20. */
        final boolean externalSubmit;
        /** CompletableFuture falls back to a thread per task when the common pool has a parallelism of 1. */
        final boolean threadPerTaskFallback;

        Shape(String doExec, boolean poolSubmit, boolean externalSubmit, boolean threadPerTaskFallback) {
            this.doExec = doExec;
            this.poolSubmit = poolSubmit;
            this.externalSubmit = externalSubmit;
            this.threadPerTaskFallback = threadPerTaskFallback;
        }
    }

    /**
     * 17 and 25 are known (and tested); other versions are probed by reflection, which loads the classes early
     * (they are then woven by retransformation), so that a version with other internals is left alone.
     */
    static Shape shape(int feature) {
        if (feature == 17) {
            return new Shape("()I", false, true, true);
        }
        if (feature == 25) {
            return new Shape("()V", true, true, false);
        }
        if (feature < 17) {
            return null;
        }
        try {
            Class<?> task = Class.forName(TASK);
            Class<?> doExecType = task.getDeclaredMethod("doExec").getReturnType();
            String doExec = doExecType == int.class ? "()I" : doExecType == void.class ? "()V" : null;
            Class<?> pool = Class.forName(POOL);
            boolean poolSubmit = hasMethod(pool, "poolSubmit", boolean.class, task);
            boolean externalSubmit = hasMethod(pool, "externalSubmit", task);
            if (doExec == null || !(poolSubmit || externalSubmit)) {
                return null;
            }
            return new Shape(doExec, poolSubmit, externalSubmit, classExists(CF_THREAD_PER_TASK));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static boolean hasMethod(Class<?> type, String name, Class<?>... parameters) {
        try {
            type.getDeclaredMethod(name, parameters);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
