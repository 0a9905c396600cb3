package dev.gracefulagent.integration;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ending Netty's event loops (any copy of Netty: gRPC's shaded one too) promptly after a complete drain. Their
 * selector threads sit in native calls, and HotSpot's exit waits for such threads (300–500 ms measured here);
 * Netty's graceful shutdown also waits for a quiet period (2 s by default, the one Reactor Netty and Spring Boot
 * use) with no task submitted before a loop ends. After the drain nothing more is coming, so both only delay the exit.
 */
public final class EventLoopGroups {
    /** How long the close phase waits for the stopped groups' threads to end. */
    private static final long TERMINATION_WAIT_MILLIS = 1000;

    private EventLoopGroups() {
    }

    /**
     * A loop that was just asked to shut down gracefully ends without its quiet period: the loop checks the
     * field every 100 ms while it waits.
     */
    public static void endQuietPeriod(Object loop) {
        try {
            Field quietPeriod = Reflection.accessibleField(loop.getClass(), "gracefulShutdownQuietPeriod");
            quietPeriod.setLong(loop, 0L);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a Netty without the field keeps its quiet period: the exit is later, nothing is lost
        }
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
            Reflection.call(group, "shutdownGracefully", 0L, TERMINATION_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERMINATION_WAIT_MILLIS);
        for (Object group : groups) {
            long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            Reflection.call(Reflection.call(group, "terminationFuture"), "awaitUninterruptibly", left);
        }
        return groups.size();
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
