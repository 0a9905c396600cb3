package dev.gracefulagent.integration.executor;

/**
 * Application or infrastructure for work that has no executor of its own to judge by (a virtual thread, a task
 * for the common {@code ForkJoinPool}): judged by the class that started or submitted it, with the same
 * {@code graceful.executor.include/exclude} patterns and built-in prefixes as executors.
 */
final class SiteRules extends NameMemo {
    /**
     * Frameworks whose threads run long-lived loops that the application's own shutdown stops (message listener
     * containers): waiting for them in the drain would only hold the shutdown until the deadline.
     */
    private static final String[] LISTENER_LOOPS = {
        "org.springframework.kafka.", "org.springframework.amqp.", "org.springframework.jms.",
        "org.springframework.integration.", "org.springframework.pulsar.",
    };

    private final ExecutorRules rules;

    SiteRules(ExecutorRules rules) {
        this.rules = rules;
    }

    /** Whether {@code graceful.executor.include} names the thread (and exclude does not). */
    boolean includesByThreadName(String threadName) {
        return rules.hasPatterns() && Boolean.TRUE.equals(rules.byThreadName(threadName));
    }

    /**
     * {@code origin}: the first class past the plumbing, null when only the JDK's code started the work;
     * {@code via}: the framework class that started it, if any; {@code threadName} may be null.
     */
    boolean isApplication(String origin, String via, String threadName) {
        Boolean byName = threadName == null || !rules.hasPatterns() ? null : rules.byThreadName(threadName);
        if (Boolean.FALSE.equals(byName) || rules.isExcluded(origin, via, null)) {
            return false;
        }
        if (Boolean.TRUE.equals(byName) || rules.isIncluded(origin, via)) {
            return true;
        }
        return origin != null && !remembered(origin);
    }

    /** Infrastructure by the built-in prefixes, or a framework's listener loop. */
    @Override
    boolean answer(String origin) {
        return ExecutorRules.isInfrastructure(origin) || CallSite.startsWithAny(origin, LISTENER_LOOPS);
    }
}
