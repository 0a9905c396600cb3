package dev.gracefulagent.instrument;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.log.Log;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Runs a hook body so that it can never break the application: the first failure is logged with its cause,
 * and the whole integration is switched off from then on.
 */
final class GuardedHook implements Bridge.Hook {
    private static final Logger LOG = Log.get(GuardedHook.class);

    private final String integration;
    private final Bridge.Hook body;
    private final Set<String> failedIntegrations;

    GuardedHook(String integration, Bridge.Hook body, Set<String> failedIntegrations) {
        this.integration = integration;
        this.body = body;
        this.failedIntegrations = failedIntegrations;
    }

    @Override
    public boolean enter(Object self, Object a, Object b, Object c) {
        if (failedIntegrations.contains(integration)) {
            return false;
        }
        try {
            return body.enter(self, a, b, c);
        } catch (Throwable t) {
            if (failedIntegrations.add(integration)) {
                LOG.warn("integration {} failed and is switched off", integration, t);
            }
            return false;
        }
    }
}
