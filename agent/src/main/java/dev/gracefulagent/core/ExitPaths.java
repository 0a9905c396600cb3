package dev.gracefulagent.core;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.HookTransformer;

/**
 * Makes every exit path drain before the application's shutdown hooks: System.exit from any thread, the last
 * non-daemon thread ending, a signal that could not be trapped but still runs hooks. The drain runs at the start
 * of {@code java.lang.ApplicationShutdownHooks.runHooks()}, before that method starts the application's hook
 * threads (Spring contexts, logging frameworks, pools). A plain shutdown hook stays registered as the fallback
 * for a JVM where that method cannot be woven; it then drains beside the application's hooks.
 */
public final class ExitPaths {
    static final String HOOKS_CLASS = "java.lang.ApplicationShutdownHooks";

    private ExitPaths() {
    }

    public static void install(HookTransformer transformer, final ShutdownSequence sequence) {
        Bridge.Hook drainFirst = new Bridge.Hook() {
            @Override
            public boolean enter(Object self, Object a, Object b, Object c) {
                sequence.runHere("JVM exit");
                return false;
            }
        };
        transformer.hook("exit", HookPoint.atEntry(HOOKS_CLASS, "runHooks", "()V"), drainFirst);
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                sequence.runHere("JVM exit");
            }
        }, "graceful-exit-hook"));
    }
}
