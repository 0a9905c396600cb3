package dev.gracefulagent.instrument;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The JDK internals the agent reaches, opened to the agent's module alone (Java 9+; Java 8 has no modules):
 * jdk.internal.misc, to define the bridge in the bootstrap loader; java.lang, to put the drain in front of the
 * application's shutdown hooks; java.nio.channels.spi, to wake the selector a closed listener is registered with;
 * java.net and sun.nio.ch, to see that no thread is still accepting on a closed {@code ServerSocket}; and
 * sun.net.httpserver, the JDK's own HTTP server, whose listener and idle
 * connections have no public handle.
 */
public final class JdkAccess {
    /** Set by {@link #open}, whose opens {@link #openPackageOf} and the static field accessors rely on. */
    private static volatile Instrumentation openedWith;

    private JdkAccess() {
    }

    public static boolean hasModules() {
        return !System.getProperty("java.specification.version").startsWith("1.");
    }

    public static synchronized void open(Instrumentation instrumentation) {
        if (openedWith != null || !hasModules()) {
            return;
        }
        Set<Object> agent = Collections.singleton(Java9Calls.moduleOf(JdkAccess.class));
        Map<String, Set<Object>> exports = Collections.singletonMap("jdk.internal.misc", agent);
        Map<String, Set<Object>> opens = new HashMap<>();
        opens.put("java.lang", agent);
        opens.put("java.nio.channels.spi", agent);
        opens.put("java.net", agent);
        opens.put("sun.nio.ch", agent);
        Java9Calls.redefineModule(instrumentation, Java9Calls.moduleOf(Object.class), Collections.emptySet(), exports,
                opens);
        Object httpServer = Java9Calls.bootModule("jdk.httpserver");
        if (httpServer != null) {
            Java9Calls.redefineModule(instrumentation, httpServer, Collections.emptySet(),
                    Collections.<String, Set<Object>>emptyMap(), Collections.singletonMap("sun.net.httpserver", agent));
        }
        openedWith = instrumentation;
    }

    /**
     * The value of a static reference field of the JDK's that {@link #open} opened. Read through
     * jdk.internal.misc.Unsafe where it can be (JDK 12+, after {@link #open}): a reflective field access spins
     * method handle classes on JDK 18+; otherwise by reflection ({@code field} accessible).
     */
    public static Object getStatic(Field field) throws IllegalAccessException {
        if (openedWith != null) {
            try {
                return Java9Calls.getStatic(field);
            } catch (LinkageError e) {
                // JDK 9-11: no getReference
            }
        }
        return field.get(null);
    }

    /** Sets a static reference field of the JDK's that {@link #open} opened, as {@link #getStatic} reads it. */
    public static void setStatic(Field field, Object value) throws IllegalAccessException {
        if (openedWith != null) {
            try {
                Java9Calls.putStatic(field, value);
                return;
            } catch (LinkageError e) {
                // JDK 9-11: no putReference
            }
        }
        field.set(null, value);
    }

    /**
     * Opens the package of {@code c} to the agent when its module has not: a JDK module loaded again into a module
     * layer the application defines (the JDK's HTTP server as a plugin host's module, say) is not the boot layer's
     * one that {@link #open} opened. A no-op on Java 8, for classes of unnamed modules and before {@link #open}.
     */
    public static void openPackageOf(Class<?> c) {
        Instrumentation instrumentation = openedWith;
        if (instrumentation == null) {
            return;
        }
        Object module = Java9Calls.moduleOf(c);
        Object agent = Java9Calls.moduleOf(JdkAccess.class);
        String packageName = c.getName().substring(0, c.getName().lastIndexOf('.'));
        if (!Java9Calls.isOpen(module, packageName, agent)) {
            Java9Calls.redefineModule(instrumentation, module, Collections.emptySet(),
                    Collections.<String, Set<Object>>emptyMap(),
                    Collections.singletonMap(packageName, Collections.singleton(agent)));
        }
    }
}
