package dev.gracefulagent.core;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The one class that touches {@code sun.misc.Signal} directly. It is compiled for Java 8 bytecode against the
 * build JDK, because {@code --release 8} hides sun.misc; the class exists on every JDK from 8 to 25. A compiled
 * handler starts in a fraction of the time a reflective proxy takes. Its own signature mentions only JDK
 * types the rest of the agent can compile against.
 */
final class SunMiscSignals {
    private SunMiscSignals() {
    }

    /** Traps the signal; throws IllegalArgumentException when the JVM reserves it (e.g. under -Xrs). */
    static void trap(String name, Runnable onSignal) {
        Signal.handle(new Signal(name), new Handler(onSignal));
    }

    private static final class Handler implements SignalHandler {
        private final Runnable onSignal;

        Handler(Runnable onSignal) {
            this.onSignal = onSignal;
        }

        @Override
        public void handle(Signal signal) {
            onSignal.run();
        }
    }
}
