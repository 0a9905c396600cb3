package dev.gracefulagent.integration.executor;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A yes-or-no question about a class name, answered once per name: a thread start or a submission walks past the
 * same few classes every time, and comparing each against dozens of package prefixes was a fifth of a virtual
 * thread's start with the agent.
 */
abstract class NameMemo {
    /** Far more classes than start threads or submit work in a service; past it, answers are not kept. */
    private static final int LIMIT = 1024;

    private final ConcurrentHashMap<String, Boolean> answers = new ConcurrentHashMap<>();

    abstract boolean answer(String className);

    final boolean remembered(String className) {
        Boolean known = answers.get(className);
        if (known == null) {
            known = answer(className);
            if (answers.size() < LIMIT) {
                answers.put(className, known);
            }
        }
        return known;
    }
}
