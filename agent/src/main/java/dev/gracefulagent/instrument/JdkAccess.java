package dev.gracefulagent.instrument;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
    private static volatile boolean opened;
    /** Kept from {@link #open} for {@link #openPackageOf}. */
    private static volatile Instrumentation openedWith;

    private JdkAccess() {
    }

    public static boolean hasModules() {
        return !System.getProperty("java.specification.version").startsWith("1.");
    }

    public static synchronized void open(Instrumentation instrumentation) throws Exception {
        if (opened || !hasModules()) {
            return;
        }
        Method getModule = Class.class.getMethod("getModule");
        Object javaBase = getModule.invoke(Object.class);
        Set<Object> agent = Collections.singleton(getModule.invoke(JdkAccess.class));
        Map<String, Set<Object>> exports = Collections.singletonMap("jdk.internal.misc", agent);
        Map<String, Set<Object>> opens = new HashMap<>();
        opens.put("java.lang", agent);
        opens.put("java.nio.channels.spi", agent);
        opens.put("java.net", agent);
        opens.put("sun.nio.ch", agent);
        redefineModule(instrumentation, javaBase, Collections.emptySet(), exports, opens);
        Object httpServer = bootModule("jdk.httpserver");
        if (httpServer != null) {
            redefineModule(instrumentation, httpServer, Collections.emptySet(),
                    Collections.<String, Set<Object>>emptyMap(), Collections.singletonMap("sun.net.httpserver", agent));
        }
        openedWith = instrumentation;
        opened = true;
    }

    /**
     * Opens the package of {@code c} to the agent when its module has not: a JDK module loaded again into a module
     * layer the application defines (the JDK's HTTP server as a plugin host's module, say) is not the boot layer's
     * one that {@link #open} opened. A no-op on Java 8, for classes of unnamed modules and before {@link #open}.
     */
    public static void openPackageOf(Class<?> c) throws Exception {
        Instrumentation instrumentation = openedWith;
        if (instrumentation == null) {
            return;
        }
        Method getModule = Class.class.getMethod("getModule");
        Object module = getModule.invoke(c);
        Object agent = getModule.invoke(JdkAccess.class);
        Class<?> moduleClass = Class.forName("java.lang.Module");
        String packageName = c.getName().substring(0, c.getName().lastIndexOf('.'));
        if ((Boolean) moduleClass.getMethod("isOpen", String.class, moduleClass).invoke(module, packageName, agent)) {
            return;
        }
        redefineModule(instrumentation, module, Collections.emptySet(), Collections.<String, Set<Object>>emptyMap(),
                Collections.singletonMap(packageName, Collections.singleton(agent)));
    }

    /**
     * {@code Instrumentation.redefineModule} with extra reads, exports and opens (no uses or provides), through
     * reflection: the agent is compiled for Java 8.
     */
    static void redefineModule(Instrumentation instrumentation, Object module, Set<Object> reads,
                               Map<String, Set<Object>> exports, Map<String, Set<Object>> opens) throws Exception {
        Instrumentation.class.getMethod("redefineModule", Class.forName("java.lang.Module"), Set.class, Map.class,
                Map.class, Set.class, Map.class).invoke(instrumentation, module, reads, exports, opens,
                Collections.emptySet(), Collections.emptyMap());
    }

    /** A module of the boot layer, or null when the runtime was built without it (jlink). */
    private static Object bootModule(String name) throws Exception {
        Class<?> layerClass = Class.forName("java.lang.ModuleLayer");
        Object boot = layerClass.getMethod("boot").invoke(null);
        Object found = layerClass.getMethod("findModule", String.class).invoke(boot, name);
        return ((Optional<?>) found).orElse(null);
    }
}
