package dev.gracefulagent.instrument;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;

/**
 * Defines a class of the agent's jar in a class loader of the agent's choosing, from its bytes, as {@code Unsafe}
 * does: the loader is not asked, so it gets a copy of its own even when its parents could find the agent's, and
 * that copy links against the classes the loader sees. Needs {@link JdkAccess#open} on Java 9+ (the bridge's
 * installation does it first).
 */
public final class AgentClassDefiner {
    private AgentClassDefiner() {
    }

    /** Defines the class named ("a.b.C") in {@code loader}, null for the bootstrap class loader. */
    public static Class<?> define(ClassLoader loader, String name) throws Exception {
        byte[] classFile = AgentJar.read(name.replace('.', '/') + ".class");
        if (JdkAccess.hasModules()) {
            return Java9Calls.defineClass(name, classFile, loader);
        }
        return (Class<?>) SunMiscUnsafe.DEFINE_CLASS.invoke(SunMiscUnsafe.INSTANCE, name, classFile, 0,
                classFile.length, loader, null);
    }

    /** Java 8: sun.misc.Unsafe still defines classes, reached by reflection. */
    private static final class SunMiscUnsafe {
        static final Object INSTANCE;
        static final Method DEFINE_CLASS;

        static {
            try {
                Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
                Field field = unsafeClass.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                INSTANCE = field.get(null);
                DEFINE_CLASS = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                        ClassLoader.class, ProtectionDomain.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
