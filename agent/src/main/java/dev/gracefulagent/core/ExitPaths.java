package dev.gracefulagent.core;

import dev.gracefulagent.log.Log;
import java.lang.reflect.Field;
import java.util.AbstractSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Makes every exit path drain before the application's shutdown hooks: System.exit from any thread, the last
 * non-daemon thread ending, a signal that could not be trapped but still runs hooks.
 *
 * <p>The JDK starts the application's hook threads by iterating the key set of
 * {@code java.lang.ApplicationShutdownHooks.hooks}. The agent puts its own map in that field, whose key set runs
 * the drain before it hands out the first hook: no bytecode is woven, so nothing is parsed at start-up. When the
 * JDK's internals differ, a plain shutdown hook is registered instead; it drains beside the application's hooks.
 * {@code graceful.exclude=exit} chooses that plain hook on purpose.
 */
public final class ExitPaths {
    public static final String NAME = "exit";
    private static final Logger LOG = Log.get(ExitPaths.class);
    private static final String HOOKS_CLASS = "java.lang.ApplicationShutdownHooks";

    private ExitPaths() {
    }

    /** Needs java.lang opened to the agent (JdkAccess) on Java 9+. */
    public static void install(ShutdownSequence sequence, boolean beforeApplicationHooks) {
        Runnable drain = new ExitDrain(sequence);
        if (beforeApplicationHooks) {
            try {
                putDrainInFrontOfHooks(drain);
                return;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("cannot run the drain before the application's shutdown hooks ({}); it runs beside them", e);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(drain, "graceful-exit-hook"));
    }

    private static void putDrainInFrontOfHooks(Runnable drain) throws ReflectiveOperationException {
        Class<?> hooksClass = Class.forName(HOOKS_CLASS);
        Field field = hooksClass.getDeclaredField("hooks");
        field.setAccessible(true);
        synchronized (hooksClass) {
            @SuppressWarnings("unchecked")
            IdentityHashMap<Thread, Thread> registered = (IdentityHashMap<Thread, Thread>) field.get(null);
            if (registered == null) {
                throw new IllegalStateException("the JVM is already shutting down");
            }
            field.set(null, new DrainFirstHooks(registered, drain));
        }
    }

    /** The hooks map whose key set, when the JDK starts the hooks, first runs the drain. */
    private static final class DrainFirstHooks extends IdentityHashMap<Thread, Thread> {
        private static final long serialVersionUID = 1L;
        private final transient Runnable drain;

        DrainFirstHooks(IdentityHashMap<Thread, Thread> registered, Runnable drain) {
            super(registered);
            this.drain = drain;
        }

        @Override
        public Set<Thread> keySet() {
            final Set<Thread> threads = super.keySet();
            return new AbstractSet<Thread>() {
                @Override
                public Iterator<Thread> iterator() {
                    drain.run();
                    return threads.iterator();
                }

                @Override
                public int size() {
                    return threads.size();
                }
            };
        }
    }

    private static final class ExitDrain implements Runnable {
        private final ShutdownSequence sequence;

        ExitDrain(ShutdownSequence sequence) {
            this.sequence = sequence;
        }

        @Override
        public void run() {
            try {
                sequence.runToEnd("JVM exit");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
