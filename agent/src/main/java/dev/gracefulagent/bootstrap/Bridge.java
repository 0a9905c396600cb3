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

    /**
     * Sees each class a class loader defines from bytes, before the JVM parses it: answers the bytes to define
     * instead ({@code null} to leave them). Placed at the entry of {@code ClassLoader.defineClass}, so that the
     * classes the agent does not hook cost one call rather than a copy of their class file each.
     */
    public interface ClassDefinitions {
        /** Whether the class named (binary name, "a.b.C") may be rewritten: only those are read. */
        boolean watches(String name);

        byte[] defining(ClassLoader loader, String name, byte[] classFile, java.security.ProtectionDomain domain);
    }

    /** What {@link TaskHook#begin} answers when the task must not run. */
    public static final Object SKIP = new Object();

    private static final Hook[] HOOKS = new Hook[256];
    private static final TaskHook[] TASK_HOOKS = new TaskHook[256];
    /** The agent's logger, so these warnings come out in the configured format (JSON too). */
    private static volatile java.util.function.Consumer<String> warnings;
    private static volatile ClassDefinitions definitions;

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

    public static void watchClassDefinitions(ClassDefinitions watcher) {
        definitions = watcher;
    }

    /**
     * Called at the entry of {@code ClassLoader.defineClass(String, byte[], int, int, ProtectionDomain)}: the
     * array to define from, the one given unless the class is rewritten; {@link #offsetIn} and {@link #lengthIn}
     * then give the range to read from it. Never throws into the class loader.
     */
    public static byte[] definingClass(ClassLoader loader, String name, byte[] bytes, int offset, int length,
                                       java.security.ProtectionDomain domain) {
        ClassDefinitions watcher = definitions;
        if (watcher == null || name == null || !watcher.watches(name)) {
            return bytes;
        }
        try {
            byte[] classFile = offset == 0 && length == bytes.length ? bytes
                    : java.util.Arrays.copyOfRange(bytes, offset, offset + length);
            byte[] rewritten = watcher.defining(loader, name, classFile, domain);
            return rewritten == null ? bytes : rewritten;
        } catch (Throwable t) {
            definitions = null;
            warn("the watch of class definitions failed and is switched off: " + t);
            return bytes;
        }
    }

    public static int offsetIn(byte[] defined, byte[] given, int offset) {
        return defined == given ? offset : 0;
    }

    public static int lengthIn(byte[] defined, byte[] given, int length) {
        return defined == given ? length : defined.length;
    }

    /**
     * Called at the entry of {@code ClassLoader.defineClass(String, ByteBuffer, ProtectionDomain)}. A buffer
     * that is not direct is passed on to the byte array variant, which sees it there; a direct one is read here
     * and, when rewritten, replaced by a direct buffer, so that it is not seen twice.
     */
    public static java.nio.ByteBuffer definingClass(ClassLoader loader, String name, java.nio.ByteBuffer buffer,
                                                    java.security.ProtectionDomain domain) {
        ClassDefinitions watcher = definitions;
        if (watcher == null || name == null || buffer == null || !buffer.isDirect() || !watcher.watches(name)) {
            return buffer;
        }
        try {
            byte[] classFile = new byte[buffer.remaining()];
            buffer.duplicate().get(classFile);
            byte[] rewritten = watcher.defining(loader, name, classFile, domain);
            if (rewritten == null) {
                return buffer;
            }
            java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(rewritten.length);
            direct.put(rewritten);
            direct.flip();
            return direct;
        } catch (Throwable t) {
            definitions = null;
            warn("the watch of class definitions failed and is switched off: " + t);
            return buffer;
        }
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
            warn("hook " + id + " failed and is switched off: " + t);
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
                warn("hook " + id + " failed and is switched off: " + t);
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
                    warn("hook " + id + " failed and is switched off: " + t);
                }
            }
        }
    }

    private static void warn(String warning) {
        java.util.function.Consumer<String> logger = warnings;
        if (logger != null) {
            logger.accept(warning);
        } else {
            System.err.println("[graceful] WARN " + warning);
        }
    }
}
