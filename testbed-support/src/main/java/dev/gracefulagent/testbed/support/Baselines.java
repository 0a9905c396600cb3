package dev.gracefulagent.testbed.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a JVM without the agent ends at SIGTERM, as the baselines assert it. */
public final class Baselines {
    private static final int KILLED_BY_SIGTERM = 143;
    /**
     * SIGABRT: HotSpot aborting inside its own exit while other threads still run. Seen once in CI on a Spring Boot
     * 2.7 Undertow JVM without the agent; it is the JVM's, so a baseline takes it as "ended as killed" too.
     */
    private static final int ABORTED_IN_ITS_EXIT = 134;

    private Baselines() {
    }

    /** The JVM ended as killed by the signal, never with 0 (the claim that everything was drained). */
    public static void assertEndedAsKilled(int exit, String context) {
        if (exit == ABORTED_IN_ITS_EXIT) {
            System.out.println("baseline: the JVM aborted in its own exit (134); " + context);
            return;
        }
        assertEquals(KILLED_BY_SIGTERM, exit, "baseline: a SIGTERMed JVM without the agent exits 143; " + context);
    }
}
