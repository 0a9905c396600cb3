package dev.gracefulagent.instrument;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.log.Log;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Runs hook bodies so that they can never break the application: the first failure is logged with its cause,
 * and the whole integration is switched off from then on.
 */
final class GuardedHook {
    private static final Logger LOG = Log.get(GuardedHook.class);

    private final String integration;
    private final Set<String> failedIntegrations;

    private GuardedHook(String integration, Set<String> failedIntegrations) {
        this.integration = integration;
        this.failedIntegrations = failedIntegrations;
    }

    static Bridge.Hook of(String integration, final Bridge.Hook body, Set<String> failedIntegrations) {
        final GuardedHook guard = new GuardedHook(integration, failedIntegrations);
        return new Bridge.Hook() {
            @Override
            public boolean enter(Object self, Object a, Object b, Object c) {
                if (guard.isOff()) {
                    return false;
                }
                try {
                    return body.enter(self, a, b, c);
                } catch (Throwable t) {
                    guard.failed(t);
                    return false;
                }
            }
        };
    }

    /** A switched-off task hook lets tasks run untracked, but still ends the runs it began. */
    static Bridge.TaskHook of(String integration, final Bridge.TaskHook body, Set<String> failedIntegrations) {
        final GuardedHook guard = new GuardedHook(integration, failedIntegrations);
        return new Bridge.TaskHook() {
            @Override
            public Object begin(Object self, Runnable task) {
                if (guard.isOff()) {
                    return null;
                }
                try {
                    return body.begin(self, task);
                } catch (Throwable t) {
                    guard.failed(t);
                    return null;
                }
            }

            @Override
            public void end(Object token) {
                try {
                    body.end(token);
                } catch (Throwable t) {
                    guard.failed(t);
                }
            }
        };
    }

    private boolean isOff() {
        return failedIntegrations.contains(integration);
    }

    private void failed(Throwable t) {
        if (failedIntegrations.add(integration)) {
            LOG.warn("integration {} failed and is switched off", integration, t);
        }
    }
}
