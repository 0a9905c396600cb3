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

    private static final Hook[] HOOKS = new Hook[256];

    private Bridge() {
    }

    public static void register(int id, Hook hook) {
        HOOKS[id] = hook;
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
            System.err.println("[graceful] WARN hook " + id + " failed and is switched off: " + t);
            return false;
        }
    }
}
