package dev.gracefulagent.integration.executor;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code StackWalker} as plain calls, compiled for Java 9 like {@code instrument.Java9Calls} (and for the same
 * reason: reached through reflection or method handles, its first use spun method handle classes: on JDK 25 part
 * of the ~20 ms and 700 KiB a service's first {@code CompletableFuture.supplyAsync} cost with the agent). Loaded
 * only on Java 9+; its signatures mention only types Java 8 has.
 */
final class StackWalks {
    /**
     * Frames without their method (JDK 22+): the walk then reads only each frame's class, which the JVM fills in
     * directly, where a frame with its method is an object the JDK makes by reflection; most of a walk's cost on
     * JDK 25 (a virtual thread's start 3.4× its cost without the agent). Its first batch deep enough for the usual
     * walk (the agent's hook frames, the JDK's thread start or submission, the caller), which the JDK would decode
     * as 8 frames and then 16 more.
     */
    private static final StackWalker WALKER = StackWalker.getInstance(classesOnly(), 16);

    private StackWalks() {
    }

    /** {@code StackWalker.walk} with a function of a stream of frames (each an Object for the Java 8 code). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object walk(Function<?, ?> function) {
        return WALKER.walk((Function) function);
    }

    static String className(Object frame) {
        return ((StackWalker.StackFrame) frame).getClassName();
    }

    private static Set<StackWalker.Option> classesOnly() {
        try {
            return EnumSet.of(StackWalker.Option.valueOf("DROP_METHOD_INFO"));
        } catch (IllegalArgumentException beforeJdk22) {
            return EnumSet.noneOf(StackWalker.Option.class);
        }
    }
}
