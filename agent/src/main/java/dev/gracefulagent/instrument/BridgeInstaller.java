package dev.gracefulagent.instrument;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;

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
        if (isOnBootstrapPath()) {
            return;
        }
        BootstrapDefiner definer = JdkAccess.hasModules() ? internalUnsafe(instrumentation) : sunMiscUnsafe();
        for (String name : CLASSES) {
            definer.define(name, AgentJar.read(name.replace('.', '/') + ".class"));
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

    /** Java 9+: jdk.internal.misc.Unsafe, which JdkAccess exports to the agent. */
    private static BootstrapDefiner internalUnsafe(Instrumentation instrumentation) {
        JdkAccess.open(instrumentation);
        return new BootstrapDefiner() {
            @Override
            public void define(String name, byte[] classFile) {
                Java9Calls.defineInBootstrapLoader(name, classFile);
            }
        };
    }

    /** Java 8: sun.misc.Unsafe still defines classes, reached by reflection. */
    private static BootstrapDefiner sunMiscUnsafe() throws Exception {
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        Field field = unsafeClass.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        final Object unsafe = field.get(null);
        final Method defineClass = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class,
                int.class, ClassLoader.class, ProtectionDomain.class);
        return new BootstrapDefiner() {
            @Override
            public void define(String name, byte[] classFile) throws Exception {
                defineClass.invoke(unsafe, name, classFile, 0, classFile.length, null, null);
            }
        };
    }

    /** {@code Unsafe.defineClass(name, bytes, 0, length, null loader, null domain)}. */
    private interface BootstrapDefiner {
        void define(String name, byte[] classFile) throws Exception;
    }
}
