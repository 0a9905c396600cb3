package dev.gracefulagent.integration.executor;

import dev.gracefulagent.config.Patterns;
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
        "com.mongodb.", "org.mongodb.", "org.h2.", "org.postgresql.", "com.mysql.",
        "ch.qos.logback.", "org.apache.logging.log4j.", "org.quartz.",
        "org.mariadb.", "oracle.jdbc.", "com.microsoft.sqlserver.", "io.r2dbc.",
        // client libraries: heartbeats, I/O, reconnects and metrics keep the connection the application's own
        // shutdown still needs (a RabbitMQ heartbeat cancelled mid-drain drops the connection and its acks)
        "com.rabbitmq.", "org.apache.kafka.", "io.lettuce.", "redis.clients.", "org.redisson.", "io.grpc.netty.",
        "okhttp3.", "org.apache.http.", "org.apache.hc.", "org.asynchttpclient.", "io.micrometer.",
        "io.opentelemetry.", "io.prometheus.", "com.datastax.", "org.elasticsearch.", "co.elastic.",
        "software.amazon.awssdk.", "com.amazonaws.", "io.nats.", "org.apache.pulsar.", "org.apache.zookeeper.",
        "org.apache.curator.", "com.hazelcast.", "org.jgroups.", "org.infinispan.", "net.spy.memcached.",
        // gRPC's destroyer of shared resources (timers, executors), scheduled from an event loop as its last
        // transport ends; gRPC's default executor, where calls run, is the application's
        "io.grpc.internal.SharedResourceHolder",
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

    boolean isIncluded(String... names) {
        return matchesAny(include, names);
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
                if (name != null && Patterns.matches(pattern, name)) {
                    return true;
                }
            }
        }
        return false;
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
