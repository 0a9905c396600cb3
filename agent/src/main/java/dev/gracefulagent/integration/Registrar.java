package dev.gracefulagent.integration;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.WeakRegistry;
import org.slf4j.Logger;

/** A hook that registers the hooked object (a server starting, a scheduler starting) in a weak registry. */
public final class Registrar implements Bridge.Hook {
    private static final Logger LOG = Log.get(Registrar.class);

    private final WeakRegistry<Object> registry;

    public Registrar(WeakRegistry<Object> registry) {
        this.registry = registry;
    }

    @Override
    public boolean enter(Object self, Object a, Object b, Object c) {
        if (registry.add(self)) {
            LOG.debug("found {}", self);
        }
        return false;
    }
}
