package dev.gracefulagent.core;

import dev.gracefulagent.log.Log;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** Traps the configured signals so that they start the shutdown sequence instead of the JVM's immediate exit. */
public final class SignalTrap {
    private static final Logger LOG = Log.get(SignalTrap.class);

    private SignalTrap() {
    }

    /** Traps each signal; returns the ones that could not be trapped (e.g. under -Xrs). */
    public static List<String> install(List<String> signalNames, final ShutdownSequence sequence) {
        List<String> untrapped = new ArrayList<>();
        for (final String name : signalNames) {
            try {
                SunMiscSignals.trap(name, new Runnable() {
                    @Override
                    public void run() {
                        sequence.startAndExit("SIG" + name);
                    }
                });
                LOG.debug("trapped SIG{}", name);
            } catch (IllegalArgumentException e) {
                // "Signal already used by VM or OS": -Xrs, or a signal the JVM reserves
                LOG.debug("cannot trap SIG{}: {}", name, e.getMessage());
                untrapped.add(name);
            } catch (LinkageError e) {
                LOG.warn("this JVM offers no signal API ({}); SIG{} ends it without a drain", e, name);
                untrapped.add(name);
            }
        }
        return untrapped;
    }
}
