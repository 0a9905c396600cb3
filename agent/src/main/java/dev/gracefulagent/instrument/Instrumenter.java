package dev.gracefulagent.instrument;

import dev.gracefulagent.bootstrap.Bridge;

/** What an integration uses to place its hooks. */
public interface Instrumenter {
    /** Weaves a call to {@code hook} at an entry or return hook point, in whatever class loader the class appears. */
    void hook(String integration, HookPoint point, Bridge.Hook hook);

    /** Routes the task runs of an {@link HookPoint#aroundTask} hook point through {@code hook}. */
    void hookTasks(String integration, HookPoint point, Bridge.TaskHook hook);

    /**
     * True once the integration is switched off (some of its hook points missing in a class of the library, a
     * failed weave, a failing hook): the shutdown sequence then leaves its library alone. An instrumenter that
     * only notes where hooks go switches nothing off.
     */
    default boolean isSwitchedOff(String integration) {
        return false;
    }

    /**
     * True when the integration was switched off because another integration, a different version line of the
     * same library, found all its hook points in that class (Jetty 12 and Jetty 9.4 to 11, say): nothing to warn of.
     */
    default boolean isSupersededByAnotherLine(String integration) {
        return false;
    }
}
