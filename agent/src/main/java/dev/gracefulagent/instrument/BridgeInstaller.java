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
        BootstrapDefiner definer = JdkAccess.hasModules() ? openInternalUnsafe(instrumentation) : sunMiscUnsafe();
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

    /** Java 9+: define through jdk.internal.misc.Unsafe, which JdkAccess exported to the agent. */
    private static BootstrapDefiner openInternalUnsafe(Instrumentation instrumentation) throws Exception {
        JdkAccess.open(instrumentation);
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        return new BootstrapDefiner(unsafeClass.getMethod("getUnsafe").invoke(null), unsafeClass);
    }

    /** Java 8: sun.misc.Unsafe still defines classes. */
    private static BootstrapDefiner sunMiscUnsafe() throws Exception {
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        Field field = unsafeClass.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        return new BootstrapDefiner(field.get(null), unsafeClass);
    }

    /** {@code Unsafe.defineClass(name, bytes, 0, length, null loader, null domain)}. */
    private static final class BootstrapDefiner {
        private final Object unsafe;
        private final Method defineClass;

        BootstrapDefiner(Object unsafe, Class<?> unsafeClass) throws NoSuchMethodException {
            this.unsafe = unsafe;
            this.defineClass = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                    ClassLoader.class, ProtectionDomain.class);
        }

        void define(String name, byte[] bytes) throws Exception {
            defineClass.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
        }
    }
}
