package dev.gracefulagent.instrument;

import java.lang.instrument.Instrumentation;

/**
 * Defines the bridge in the bootstrap class loader, where both JDK classes and every application class loader
 * can see it. Only the bridge goes there. The classes are defined directly rather than by appending a jar to
 * the bootstrap search path: appending disables class data sharing for the application's loaders (slower
 * start-up) and makes the JVM print a warning on stderr.
 */
public final class BridgeInstaller {
    private static final String[] CLASSES = {
        "dev.gracefulagent.bootstrap.Bridge$Hook",
        "dev.gracefulagent.bootstrap.Bridge$TaskHook",
        "dev.gracefulagent.bootstrap.Bridge$ClassDefinitions",
        "dev.gracefulagent.bootstrap.Bridge",
    };

    private BridgeInstaller() {
    }

    /** Must run before any agent class that mentions the bridge is loaded. */
    public static void install(Instrumentation instrumentation) throws Exception {
        JdkAccess.open(instrumentation);
        if (isOnBootstrapPath()) {
            return;
        }
        for (String name : CLASSES) {
            AgentClassDefiner.define(null, name);
        }
        if (!isOnBootstrapPath()) {
            throw new IllegalStateException("the bridge is not visible from the bootstrap class loader");
        }
    }

    private static boolean isOnBootstrapPath() {
        try {
            Class.forName(CLASSES[1], false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
