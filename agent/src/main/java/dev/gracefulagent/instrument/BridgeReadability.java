package dev.gracefulagent.instrument;

import dev.gracefulagent.bootstrap.Bridge;
import java.lang.instrument.Instrumentation;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Lets named modules read the bootstrap loader's unnamed module, where the bridge is, so that hooks woven into
 * their classes can call it. The JVM grants this to a class a class file transformer rewrote, not to one
 * rewritten on its way into {@code ClassLoader.defineClass} (see {@link ClassDefinitionWatch}): without it the
 * first hook call in, say, the JDK's HTTP server (module jdk.httpserver) fails with an IllegalAccessError.
 * Java 9+ only.
 */
final class BridgeReadability {
    private final Instrumentation instrumentation;
    private final Set<Object> bridgeModule;

    BridgeReadability(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
        this.bridgeModule = Collections.singleton(Java9Calls.moduleOf(Bridge.class));
    }

    /** Every named module of the boot layer (the JDK's and the module path's) that holds one of {@code packages}. */
    void grantToBootLayer(Set<String> packages) {
        grantToLayer(Java9Calls.bootLayer(), packages);
    }

    /** Every module of {@code layer} (a java.lang.ModuleLayer) that holds one of {@code packages}. */
    void grantToLayer(Object layer, Set<String> packages) {
        for (Object module : Java9Calls.modulesOf(layer)) {
            if (!Collections.disjoint(Java9Calls.packagesOf(module), packages)) {
                Java9Calls.redefineModule(instrumentation, module, bridgeModule,
                        Collections.<String, Set<Object>>emptyMap(), Collections.<String, Set<Object>>emptyMap());
            }
        }
    }

    /** The packages ("a.b") of classes given by internal name ("a/b/C"). */
    static Set<String> packagesOf(Collection<String> internalClassNames) {
        Set<String> packages = new HashSet<>();
        for (String name : internalClassNames) {
            int slash = name.lastIndexOf('/');
            if (slash > 0) {
                packages.add(name.substring(0, slash).replace('/', '.'));
            }
        }
        return packages;
    }
}
