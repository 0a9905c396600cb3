package dev.gracefulagent.bootstrap;

/**
 * The only agent class woven code calls. It is loaded by the bootstrap class loader, so hooks placed in JDK
 * classes and in classes of any application class loader can all reach it; the agent registers the hook
 * bodies at start-up. Kept tiny: an array lookup and a call.
 */
public final class Bridge {
    /** The body of one hook; {@code true} from {@link #enter} means "skip the original method". */
    public interface Hook {
        boolean enter(Object self, Object a, Object b, Object c);
    }

    /** Brackets one run of a task: {@link #begin} before it, {@link #end} after it, however it ends. */
    public interface TaskHook {
        /** Returns a token for {@link #end}, null to just run the task, or {@link Bridge#SKIP} to not run it. */
        Object begin(Object self, Runnable task);

        void end(Object token);
    }

    /** What {@link TaskHook#begin} answers when the task must not run. */
    public static final Object SKIP = new Object();

    private static final Hook[] HOOKS = new Hook[256];
    private static final TaskHook[] TASK_HOOKS = new TaskHook[256];
    /** The agent's logger, so these warnings come out in the configured format (JSON too). */
    private static volatile java.util.function.Consumer<String> warnings;

    private Bridge() {
    }

    public static void logWarningsTo(java.util.function.Consumer<String> logger) {
        warnings = logger;
    }

    public static void register(int id, Hook hook) {
        HOOKS[id] = hook;
    }

    public static void register(int id, TaskHook hook) {
        TASK_HOOKS[id] = hook;
    }

    /** Called at the start of a woven method; never throws into the application. */
    public static boolean enter(int id, Object self, Object a, Object b, Object c) {
        Hook hook = HOOKS[id];
        if (hook == null) {
            return false;
        }
        try {
            return hook.enter(self, a, b, c);
        } catch (Throwable t) {
            HOOKS[id] = null;
            switchedOff(id, t);
            return false;
        }
    }

    /**
     * Replaces a woven {@code task.run()} call: runs the task between the hook's begin and end. Only the task
     * itself may throw into the application.
     */
    public static void runTask(Runnable task, Object self, int id) {
        TaskHook hook = TASK_HOOKS[id];
        Object token = null;
        if (hook != null) {
            try {
                token = hook.begin(self, task);
            } catch (Throwable t) {
                TASK_HOOKS[id] = null;
                switchedOff(id, t);
            }
            if (token == SKIP) {
                return;
            }
        }
        try {
            task.run();
        } finally {
            if (token != null) {
                try {
                    hook.end(token);
                } catch (Throwable t) {
                    TASK_HOOKS[id] = null;
                    switchedOff(id, t);
                }
            }
        }
    }

    private static void switchedOff(int id, Throwable t) {
        String warning = "hook " + id + " failed and is switched off: " + t;
        java.util.function.Consumer<String> logger = warnings;
        if (logger != null) {
            logger.accept(warning);
        } else {
            System.err.println("[graceful] WARN " + warning);
        }
    }
}
