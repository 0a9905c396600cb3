package dev.gracefulagent;

import dev.gracefulagent.core.ShutdownSequence;

/**
 * Covers exits that do not come through a trapped signal (System.exit, the last thread ending, an untrappable
 * signal): the drain still runs, as a shutdown hook. The application's own hooks run beside it there.
 */
final class ExitHook {
    private ExitHook() {
    }

    static void install(final ShutdownSequence sequence) {
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                if (!sequence.hasStarted()) {
                    sequence.runHere("JVM exit");
                }
            }
        }, "graceful-exit-hook"));
    }
}
