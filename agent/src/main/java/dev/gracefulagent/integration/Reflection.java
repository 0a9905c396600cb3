package dev.gracefulagent.integration;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Calls library methods by name. The agent cannot link against the libraries it serves (they live in the
 * application's class loaders, in any version), so the rare control calls — stop a connector, close a pool —
 * go through here; the per-request paths use method handles resolved once.
 */
public final class Reflection {
    private Reflection() {
    }

    /** Calls a public no-argument or argument-taking method, found through a public class or interface. */
    public static Object call(Object target, String name, Object... args) throws ReflectiveOperationException {
        Method method = find(target.getClass(), name, args.length);
        if (method == null) {
            throw new NoSuchMethodException(target.getClass().getName() + "." + name + " with " + args.length
                    + " arguments");
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    /** Like {@link #call}, or null when the object has no such method. */
    public static Object callIfPresent(Object target, String name, Object... args)
            throws ReflectiveOperationException {
        return has(target, name, args.length) ? call(target, name, args) : null;
    }

    /**
     * Reads a field of any visibility, declared by the object's class or a superclass: for reports, and for the
     * state a library keeps to itself and exposes nowhere else (Undertow's listening channels and connections).
     */
    public static Object field(Object target, String name) throws ReflectiveOperationException {
        return accessibleField(target.getClass(), name).get(target);
    }

    public static boolean has(Object target, String name, int arity) {
        return target != null && find(target.getClass(), name, arity) != null;
    }

    /** The first public method with that name and arity, declared by a public type the caller may access. */
    private static Method find(Class<?> type, String name, int arity) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Modifier.isPublic(c.getModifiers())) {
                Method m = declared(c, name, arity);
                if (m != null) {
                    return m;
                }
            }
            for (Class<?> i : c.getInterfaces()) {
                Method m = find(i, name, arity);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    private static Method declared(Class<?> c, String name, int arity) {
        for (Method m : c.getMethods()) {
            if (m.getName().equals(name) && m.getParameterTypes().length == arity
                    && Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                return m;
            }
        }
        return null;
    }

    /**
     * A field of any visibility declared by {@code type} or one of its superclasses, made accessible: for the few
     * library internals that have no public accessor, including one to write (Tomcat's endpoint bind state).
     * Works for libraries on the class path (the unnamed module).
     */
    public static Field accessibleField(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name)) {
                    f.setAccessible(true);
                    return f;
                }
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
