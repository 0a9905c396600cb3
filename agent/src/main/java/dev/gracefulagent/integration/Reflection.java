package dev.gracefulagent.integration;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls library methods by name. The agent cannot link against the libraries it serves (they live in the
 * application's class loaders, in any version), so the control calls — stop a connector, close a pool, check and
 * close each of 10,000 idle connections — go through here; the per-request paths use method handles resolved once.
 * Lookups are remembered per class: {@code Class.getMethods()} copies every public method on each call, which made
 * stopping intake with 10,000 idle connections take seconds.
 */
public final class Reflection {
    /** Methods by "name/arity" and fields by name, found or {@link #ABSENT}, per class. */
    private static final ClassValue<ConcurrentHashMap<String, Object>> MEMBERS =
            new ClassValue<ConcurrentHashMap<String, Object>>() {
                @Override
                protected ConcurrentHashMap<String, Object> computeValue(Class<?> type) {
                    return new ConcurrentHashMap<String, Object>();
                }
            };
    private static final Object ABSENT = new Object();

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
    /**
     * Calls the public one-argument method {@code name(String)} among its overloads ({@code getFirst(String)}
     * beside {@code getFirst(HttpString)}, say); not cached, for rare calls.
     */
    public static Object callWithString(Object target, String name, String arg) throws ReflectiveOperationException {
        Method method = target.getClass().getMethod(name, String.class);
        method.setAccessible(true);
        try {
            return method.invoke(target, arg);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw e;
        }
    }

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

    private static Method find(Class<?> type, String name, int arity) {
        ConcurrentHashMap<String, Object> known = MEMBERS.get(type);
        String key = name + "/" + arity;
        Object method = known.get(key);
        if (method == null) {
            Method found = search(type, name, arity);
            method = found == null ? ABSENT : found;
            known.put(key, method);
        }
        return method == ABSENT ? null : (Method) method;
    }

    /** The first public method with that name and arity, declared by a public type the caller may access. */
    private static Method search(Class<?> type, String name, int arity) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Modifier.isPublic(c.getModifiers())) {
                Method m = declared(c, name, arity);
                if (m != null) {
                    return m;
                }
            }
            for (Class<?> i : c.getInterfaces()) {
                Method m = search(i, name, arity);
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
        ConcurrentHashMap<String, Object> known = MEMBERS.get(type);
        // fields and "name/arity" method keys cannot collide: a field name has no slash
        Object field = known.get(name);
        if (field == null) {
            Field found = searchField(type, name);
            field = found == null ? ABSENT : found;
            known.put(name, field);
        }
        if (field == ABSENT) {
            throw new NoSuchFieldException(type.getName() + "." + name);
        }
        return (Field) field;
    }

    private static Field searchField(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name)) {
                    f.setAccessible(true);
                    return f;
                }
            }
        }
        return null;
    }

    /**
     * For a failure out of a method handle's {@code invokeExact}: rethrows an unchecked one as it is, and answers
     * a checked one wrapped, for the caller to throw.
     */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IllegalStateException(t);
    }
}
