package dev.gracefulagent.integration;

import dev.gracefulagent.log.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Ending Netty's event loops (any copy of Netty: gRPC's shaded one too) promptly after a complete drain. Their
 * selector threads sit in native calls, and HotSpot's exit waits for such threads (300–500 ms measured here);
 * Netty's graceful shutdown also waits for a quiet period (2 s by default, the one Reactor Netty and Spring Boot
 * use) with no task submitted before a loop ends. After the drain nothing more is coming, so both only delay the exit.
 */
public final class EventLoopGroups {
    /** How long the close phase waits for the stopped groups' threads to end. */
    private static final long TERMINATION_WAIT_MILLIS = 1000;
    private static final Logger LOG = Log.get(EventLoopGroups.class);
    private static final ThreadLocal<Boolean> STOPPING_ON_THIS_THREAD = new ThreadLocal<>();

    private EventLoopGroups() {
    }

    /**
     * Shuts a loop down without a quiet period as the application's own call to shut it down begins, so that this
     * call then finds it shutting down and returns at once: the quiet period that call would set cannot be taken
     * back in time, since a loop that read it sleeps 100 ms before it looks again. A Netty that refuses keeps the
     * application's quiet period: the exit is later, nothing is lost.
     */
    public static void stopWithoutQuietPeriod(Object loop) {
        STOPPING_ON_THIS_THREAD.set(Boolean.TRUE);
        try {
            shutDownWithoutQuietPeriod(loop);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("event loop {} keeps its quiet period: {}", loop, e.toString());
        } finally {
            STOPPING_ON_THIS_THREAD.remove();
        }
    }

    /** Whether this thread is inside {@link #stopWithoutQuietPeriod}, whose own call must not start another. */
    public static boolean isStoppingOnThisThread() {
        return STOPPING_ON_THIS_THREAD.get() != null;
    }

    /** The groups of {@code loops} (each once), to {@link #stopNow}. */
    public static List<Object> groupsOf(List<Object> loops) throws ReflectiveOperationException {
        List<Object> groups = new ArrayList<>();
        for (Object loop : loops) {
            Object group = Reflection.call(loop, "parent");
            if (group != null && !containsSame(groups, group)) {
                groups.add(group);
            }
        }
        return groups;
    }

    /**
     * Shuts down the event loop groups still running, without a quiet period, and waits (briefly) for their
     * threads to end; answers how many it stopped. Groups already shutting down (the application's hooks stopped
     * them) are left as they are.
     */
    public static int stopNow(List<Object> candidates) throws ReflectiveOperationException {
        List<Object> groups = new ArrayList<>();
        for (Object group : candidates) {
            if (!containsSame(groups, group) && !(Boolean) Reflection.call(group, "isShuttingDown")) {
                groups.add(group);
            }
        }
        for (Object group : groups) {
            shutDownWithoutQuietPeriod(group);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERMINATION_WAIT_MILLIS);
        for (Object group : groups) {
            long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            Reflection.call(Reflection.call(group, "terminationFuture"), "awaitUninterruptibly", left);
        }
        return groups.size();
    }

    private static void shutDownWithoutQuietPeriod(Object loopOrGroup) throws ReflectiveOperationException {
        Reflection.call(loopOrGroup, "shutdownGracefully", 0L, TERMINATION_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static boolean containsSame(List<Object> items, Object item) {
        for (Object known : items) {
            if (known == item) {
                return true;
            }
        }
        return false;
    }
}
