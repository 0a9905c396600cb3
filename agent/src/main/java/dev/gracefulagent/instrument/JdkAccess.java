package dev.gracefulagent.instrument;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The two JDK internals the agent reaches, opened to the agent's module alone in one call (Java 9+; Java 8 has no
 * modules): jdk.internal.misc, to define the bridge in the bootstrap loader, and java.lang, to put the drain in
 * front of the application's shutdown hooks.
 */
public final class JdkAccess {
    private static volatile boolean opened;

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
        Class<?> moduleClass = Class.forName("java.lang.Module");
        Instrumentation.class.getMethod("redefineModule", moduleClass, Set.class, Map.class, Map.class, Set.class,
                Map.class).invoke(instrumentation, javaBase, Collections.emptySet(), exports, opens,
                Collections.emptySet(), Collections.emptyMap());
        opened = true;
    }
}
