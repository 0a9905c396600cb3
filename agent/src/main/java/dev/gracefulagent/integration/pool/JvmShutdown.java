package dev.gracefulagent.integration.pool;

/** Whether the JVM has begun running its shutdown hooks. */
final class JvmShutdown {
    private JvmShutdown() {
    }

    /**
     * The JVM refuses new shutdown hooks once it runs them; the only public way to ask. Called on the rare
     * close of a pool, where an application hook may run beside the agent's exit hook before the agent's
     * shutdown sequence has even begun.
     */
    static boolean inProgress() {
        Thread probe = new Thread("graceful-shutdown-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
