package dev.gracefulagent.integration.executor;

import java.util.function.Function;

/**
 * {@code StackWalker} as plain calls, compiled for Java 9 like {@code instrument.Java9Calls} (and for the same
 * reason: reached through reflection or method handles, its first use spun method handle classes: on JDK 25 part
 * of the ~20 ms and 700 KiB a service's first {@code CompletableFuture.supplyAsync} cost with the agent). Loaded
 * only on Java 9+; its signatures mention only types Java 8 has.
 */
final class StackWalks {
    private static final StackWalker WALKER = StackWalker.getInstance();

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

    static String methodName(Object frame) {
        return ((StackWalker.StackFrame) frame).getMethodName();
    }
}
