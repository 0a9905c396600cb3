package dev.gracefulagent.instrument;

import dev.gracefulagent.bootstrap.Bridge;

/** What an integration uses to place its hooks. */
public interface Instrumenter {
    /** Weaves a call to {@code hook} at the hook point, in whatever class loader the class appears. */
    void hook(String integration, HookPoint point, Bridge.Hook hook);
}
