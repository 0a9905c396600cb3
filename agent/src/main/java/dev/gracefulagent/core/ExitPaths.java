package dev.gracefulagent.core;

import dev.gracefulagent.instrument.JdkAccess;
import dev.gracefulagent.log.Log;
import java.lang.reflect.Field;
import java.util.AbstractSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * Makes every exit path drain before the application's shutdown hooks and close after them: System.exit from
 * any thread, the last non-daemon thread ending, a signal that could not be trapped but still runs hooks.
 *
 * <p>The JDK starts the application's hook threads by iterating the key set of
 * {@code java.lang.ApplicationShutdownHooks.hooks}, then iterates it a second time to join them. The agent puts
 * its own map in that field: its key set runs the drain before it hands out the first hook, and the close once
 * the second iteration is over, when every application hook has ended. No bytecode is woven, so nothing is
 * parsed at start-up. When the JDK's internals differ, a plain shutdown hook is registered instead; it drains
 * and closes beside the application's hooks. {@code graceful.exclude=exit} chooses that plain hook on purpose.
 */
public final class ExitPaths {
    public static final String NAME = "exit";
    private static final Logger LOG = Log.get(ExitPaths.class);
    private static final String HOOKS_CLASS = "java.lang.ApplicationShutdownHooks";

    private ExitPaths() {
    }

    /** Needs java.lang opened to the agent (JdkAccess) on Java 9+. */
    public static void install(ShutdownSequence sequence, boolean aroundApplicationHooks) {
        if (aroundApplicationHooks) {
            try {
                wrapHooks(sequence);
                sequence.closeAfterApplicationHooks(true);
                return;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("cannot run the drain before the application's shutdown hooks ({}); it runs beside them", e);
            }
        }
        final ShutdownSequence drainAndClose = sequence;
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                if (drain(drainAndClose)) {
                    drainAndClose.afterApplicationHooks();
                }
            }
        }, "graceful-exit-hook"));
    }

    /** Runs the drain, or waits for the one under way; false when interrupted. */
    private static boolean drain(ShutdownSequence sequence) {
        try {
            sequence.runToEnd("JVM exit");
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void wrapHooks(ShutdownSequence sequence) throws ReflectiveOperationException {
        Class<?> hooksClass = Class.forName(HOOKS_CLASS);
        Field field = hooksClass.getDeclaredField("hooks");
        field.setAccessible(true);
        synchronized (hooksClass) {
            @SuppressWarnings("unchecked")
            IdentityHashMap<Thread, Thread> registered = (IdentityHashMap<Thread, Thread>) JdkAccess.getStatic(field);
            if (registered == null) {
                throw new IllegalStateException("the JVM is already shutting down");
            }
            JdkAccess.setStatic(field, new HooksBetweenDrainAndClose(registered, sequence));
        }
    }

    /**
     * The hooks map whose key set, when the JDK starts the hooks, first runs the drain, and when the JDK has
     * joined the last of them, runs the close.
     */
    private static final class HooksBetweenDrainAndClose extends IdentityHashMap<Thread, Thread> {
        private static final long serialVersionUID = 1L;
        private final transient ShutdownSequence sequence;
        private final transient AtomicInteger iterations = new AtomicInteger();

        HooksBetweenDrainAndClose(IdentityHashMap<Thread, Thread> registered, ShutdownSequence sequence) {
            super(registered);
            this.sequence = sequence;
        }

        @Override
        public Set<Thread> keySet() {
            final Set<Thread> threads = super.keySet();
            return new AbstractSet<Thread>() {
                @Override
                public Iterator<Thread> iterator() {
                    if (iterations.incrementAndGet() == 1) {
                        drain(sequence);
                        return threads.iterator();
                    }
                    return new ThenClose(threads.iterator(), sequence);
                }

                @Override
                public int size() {
                    return threads.size();
                }
            };
        }
    }

    /** The JDK's join loop: once it has seen the last hook (all joined), the sequence closes and exits. */
    private static final class ThenClose implements Iterator<Thread> {
        private final Iterator<Thread> hooks;
        private final ShutdownSequence sequence;
        private boolean closed;

        ThenClose(Iterator<Thread> hooks, ShutdownSequence sequence) {
            this.hooks = hooks;
            this.sequence = sequence;
        }

        @Override
        public boolean hasNext() {
            boolean more = hooks.hasNext();
            if (!more && !closed) {
                closed = true;
                sequence.afterApplicationHooks();
            }
            return more;
        }

        @Override
        public Thread next() {
            return hooks.next();
        }
    }
}
