package dev.gracefulagent.integration.executor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where a thread was started or a task submitted from: the class of the first frame on the current stack that
 * is not plumbing (the JDK's machinery, the agent's own hook path, a framework's executor classes). Walked
 * lazily from the top with {@code StackWalker} (Java 9+, reached by reflection), so only the few frames above
 * the caller are looked at; on Java 8 the whole stack is taken instead.
 */
final class CallSite {
    /** Decides which frames to look past. */
    interface Plumbing {
        boolean isPlumbing(String className, String methodName);
    }

    /** The agent's frames between the woven JDK method and the hook body. */
    private static final String[] AGENT = {
        "dev.gracefulagent.bootstrap.", "dev.gracefulagent.instrument.", "dev.gracefulagent.integration.",
    };
    private static final String[] JDK = {"java.", "jdk.", "sun.", "com.sun."};
    private static final Object WALKER;
    private static final MethodHandle WALK;
    private static final MethodHandle CLASS_NAME;
    private static final MethodHandle METHOD_NAME;

    static {
        Object walker = null;
        MethodHandle walk = null;
        MethodHandle className = null;
        MethodHandle methodName = null;
        try {
            Class<?> walkerClass = Class.forName("java.lang.StackWalker");
            Class<?> frameClass = Class.forName("java.lang.StackWalker$StackFrame");
            // StackWalker.walk is caller-sensitive: a public lookup refuses it, and on that failure every call
            // site was found from a whole stack trace (tens of microseconds per virtual thread start)
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            walker = walkerClass.getMethod("getInstance").invoke(null);
            walk = lookup.findVirtual(walkerClass, "walk", MethodType.methodType(Object.class, Function.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Function.class));
            className = lookup.findVirtual(frameClass, "getClassName", MethodType.methodType(String.class))
                    .asType(MethodType.methodType(String.class, Object.class));
            methodName = lookup.findVirtual(frameClass, "getMethodName", MethodType.methodType(String.class))
                    .asType(MethodType.methodType(String.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            walker = null; // Java 8: no StackWalker
        }
        WALKER = walker;
        WALK = walk;
        CLASS_NAME = className;
        METHOD_NAME = methodName;
    }

    private CallSite() {
    }

    static boolean isJdk(String className) {
        return startsWithAny(className, JDK);
    }

    static boolean isAgent(String className) {
        return startsWithAny(className, AGENT);
    }

    static boolean startsWithAny(String className, String[] prefixes) {
        for (String prefix : prefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first class on the current stack, below the agent's frames, that is not plumbing; null when every
     * frame is (the JDK or a framework's executor runs the code itself).
     */
    static String find(Finder finder) {
        if (WALKER == null) {
            return findInTrace(finder.plumbing);
        }
        try {
            Object found = WALK.invokeExact(WALKER, (Function) finder);
            return (String) found;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The walk for one kind of plumbing; made once, so a walk allocates nothing of the agent's. */
    static final class Finder implements Function<Stream<Object>, String> {
        final Plumbing plumbing;

        Finder(Plumbing plumbing) {
            this.plumbing = plumbing;
        }

        @Override
        public String apply(Stream<Object> frames) {
            for (Iterator<Object> it = frames.iterator(); it.hasNext(); ) {
                Object frame = it.next();
                String name = invoke(CLASS_NAME, frame);
                if (!isAgent(name) && !plumbing.isPlumbing(name, invoke(METHOD_NAME, frame))) {
                    return name;
                }
            }
            return null;
        }
    }

    private static String invoke(MethodHandle getter, Object frame) {
        try {
            return (String) getter.invokeExact(frame);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static String findInTrace(Plumbing plumbing) {
        for (StackTraceElement frame : new Throwable().getStackTrace()) {
            String name = frame.getClassName();
            if (!isAgent(name) && !plumbing.isPlumbing(name, frame.getMethodName())) {
                return name;
            }
        }
        return null;
    }
}
