package dev.gracefulagent.integration.executor;

import dev.gracefulagent.instrument.JdkAccess;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where a thread was started or a task submitted from: the class of the first frame on the current stack that
 * is not plumbing (the JDK's machinery, the agent's own hook path, a framework's executor classes). Walked
 * lazily from the top with {@code StackWalker} (Java 9+, through {@link StackWalks}), so only the few frames
 * above the caller are looked at; on Java 8 the whole stack is taken instead.
 */
final class CallSite {
    /** Decides which frames to look past. */
    interface Plumbing {
        boolean isPlumbing(String className);
    }

    /** The agent's frames between the woven JDK method and the hook body. */
    private static final String[] AGENT = {
        "dev.gracefulagent.bootstrap.", "dev.gracefulagent.instrument.", "dev.gracefulagent.integration.",
    };
    private static final String[] JDK = {"java.", "jdk.", "sun.", "com.sun."};
    private static final boolean WALKS = JdkAccess.hasModules();

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
        return WALKS ? (String) StackWalks.walk(finder) : findInTrace(finder);
    }

    /**
     * The walk for one kind of plumbing; made once, so a walk allocates nothing of the agent's. Remembers per class
     * whether it is looked past.
     */
    static final class Finder extends NameMemo implements Function<Stream<Object>, String> {
        final Plumbing plumbing;

        Finder(Plumbing plumbing) {
            this.plumbing = plumbing;
        }

        @Override
        boolean answer(String className) {
            return isAgent(className) || plumbing.isPlumbing(className);
        }

        @Override
        public String apply(Stream<Object> frames) {
            for (Iterator<Object> it = frames.iterator(); it.hasNext(); ) {
                Object frame = it.next();
                String name = StackWalks.className(frame);
                if (!remembered(name)) {
                    return name;
                }
            }
            return null;
        }
    }

    private static String findInTrace(Finder finder) {
        for (StackTraceElement frame : new Throwable().getStackTrace()) {
            String name = frame.getClassName();
            if (!finder.remembered(name)) {
                return name;
            }
        }
        return null;
    }
}
