package dev.gracefulagent.integration.executor;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells application executors (drained) from infrastructure ones (left alone) by the names around them:
 * the class whose code created the executor, the executor's class, its thread factory's class and its
 * thread names. {@code graceful.executor.exclude} wins, then {@code graceful.executor.include}, then the
 * built-in rule: an executor created by the JDK, the agent, or a known server, pool, driver or logging
 * library is infrastructure; any other is the application's.
 */
final class ExecutorRules {
    /** Package prefixes of code whose executors serve the library itself, not the application's work. */
    static final String[] INFRASTRUCTURE = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.",
        // the agent's own packages (not all of dev.gracefulagent: the testbeds live there too)
        "dev.gracefulagent.bootstrap.", "dev.gracefulagent.core.", "dev.gracefulagent.health.",
        "dev.gracefulagent.instrument.", "dev.gracefulagent.integration.", "dev.gracefulagent.track.",
        "dev.gracefulagent.shaded.",
        "org.eclipse.jetty.", "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.",
        "io.undertow.", "org.xnio.", "org.jboss.threads.", "io.netty.",
        "com.zaxxer.hikari.", "org.apache.commons.dbcp2.", "org.apache.commons.pool2.", "com.mchange.",
        "com.mongodb.", "org.mongodb.", "com.rabbitmq.", "org.h2.", "org.postgresql.", "com.mysql.",
        "ch.qos.logback.", "org.apache.logging.log4j.", "org.quartz.",
    };

    private final List<String> include;
    private final List<String> exclude;

    ExecutorRules(List<String> include, List<String> exclude) {
        this.include = new ArrayList<>(include);
        this.exclude = new ArrayList<>(exclude);
    }

    /** The decision for a new executor; names may be null when unknown. */
    boolean isApplication(String creator, String executorClass, String factoryClass) {
        if (matchesAny(exclude, creator, executorClass, factoryClass)) {
            return false;
        }
        if (matchesAny(include, creator, executorClass, factoryClass)) {
            return true;
        }
        String origin = creator;
        if (origin == null && factoryClass != null && !factoryClass.startsWith("java.")) {
            // created before the agent's hooks: a library's own thread factory still tells where it came from
            origin = factoryClass;
        }
        return origin == null || !isInfrastructure(origin);
    }

    boolean isExcluded(String creator, String executorClass, String factoryClass) {
        return matchesAny(exclude, creator, executorClass, factoryClass);
    }

    /** TRUE or FALSE when a thread-name pattern decides, null when none matches. */
    Boolean byThreadName(String threadName) {
        if (matchesAny(exclude, threadName)) {
            return Boolean.FALSE;
        }
        return matchesAny(include, threadName) ? Boolean.TRUE : null;
    }

    boolean hasPatterns() {
        return !include.isEmpty() || !exclude.isEmpty();
    }

    static boolean isInfrastructure(String className) {
        for (String prefix : INFRASTRUCTURE) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAny(List<String> patterns, String... names) {
        for (String pattern : patterns) {
            for (String name : names) {
                if (name != null && matches(pattern, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Glob match where {@code *} stands for any run of characters, including none. */
    static boolean matches(String pattern, String name) {
        int p = 0;
        int n = 0;
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = n;
            } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
                p++;
                n++;
            } else if (star >= 0) {
                p = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /**
     * The class whose code created the executor: the first frame below the executor's own constructors and
     * the JDK's factories ({@code Executors}, {@code Timer}). Walked once per executor, which is rare.
     */
    static String creator(Object executor, StackTraceElement[] stack) {
        List<String> own = new ArrayList<>();
        for (Class<?> c = executor.getClass(); c != null; c = c.getSuperclass()) {
            own.add(c.getName());
        }
        boolean inConstructors = false;
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName();
            boolean plumbing = own.contains(name) || name.startsWith("java.util.concurrent.Executors")
                    || name.equals("java.util.Timer");
            if (plumbing) {
                inConstructors = true;
            } else if (inConstructors) {
                return name;
            }
        }
        return null;
    }
}
