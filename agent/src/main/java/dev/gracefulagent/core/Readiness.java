package dev.gracefulagent.core;

/** Whether this instance wants traffic: true until the shutdown begins. */
public final class Readiness {
    private static volatile boolean ready = true;

    private Readiness() {
    }

    public static boolean isReady() {
        return ready;
    }

    static void markNotReady() {
        ready = false;
    }
}
