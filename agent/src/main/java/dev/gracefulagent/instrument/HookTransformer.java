package dev.gracefulagent.instrument;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.log.Log;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * The agent's weaver: a class file transformer during premain (and for the whole run where the
 * {@link ClassDefinitionWatch} would not see every class), then the watch's view of each class a class loader
 * defines. It compares the class name against the hooked classes first, so the other classes of the application
 * cost a map lookup; only a hooked class is parsed and rewritten.
 * A class that cannot be woven is left as it is and its integration is reported as skipped, once.
 * An integration may also be installed only when the first class it hooks loads ({@link #installWhenLoaded}):
 * one whose library the service lacks then loads none of its classes.
 */
public final class HookTransformer implements ClassFileTransformer, Instrumenter, Bridge.ClassDefinitions {
    private static final Logger LOG = Log.get(HookTransformer.class);

    /** Lists are replaced, never changed: a deferred install adds hooks while other threads weave. */
    private final Map<String, List<RegisteredHook>> hooksByClass = new ConcurrentHashMap<>();
    private final Map<String, List<DeferredInstall>> deferredByClass = new ConcurrentHashMap<>();
    /**
     * The keys of both maps above as binary names ("a.b.C"): every class an application defines is looked up
     * by that name, and converting each one to an internal name would allocate a string per class.
     */
    private final Set<String> hookedBinaryNames = ConcurrentHashMap.newKeySet();
    private final Set<String> failedIntegrations = ConcurrentHashMap.newKeySet();
    /** Switched off only because another version line of the same library took the class: expected. */
    private final Set<String> supersededIntegrations = ConcurrentHashMap.newKeySet();
    private final Set<String> wovenClasses = ConcurrentHashMap.newKeySet();
    private int nextId;
    /** Null when off (the default). */
    private volatile WovenCache cache;
    /** Set when class loads are seen through {@link ClassDefinitionWatch}, not through this transformer. */
    private volatile boolean watchingDefinitions;

    @Override
    public synchronized void hook(String integration, HookPoint point, Bridge.Hook body) {
        if (point.kind == HookPoint.Kind.TASK_CALL) {
            throw new IllegalArgumentException(point + " takes a task hook");
        }
        Bridge.register(add(integration, point), GuardedHook.of(integration, body, failedIntegrations));
    }

    @Override
    public synchronized void hookTasks(String integration, HookPoint point, Bridge.TaskHook body) {
        if (point.kind != HookPoint.Kind.TASK_CALL) {
            throw new IllegalArgumentException(point + " takes an entry or return hook");
        }
        Bridge.register(add(integration, point), GuardedHook.of(integration, body, failedIntegrations));
    }

    private int add(String integration, HookPoint point) {
        int id = nextId++;
        hookedBinaryNames.add(point.internalClassName.replace('/', '.'));
        hooksByClass.put(point.internalClassName,
                with(hooksByClass.get(point.internalClassName), new RegisteredHook(integration, point, id)));
        return id;
    }

    private static <T> List<T> with(List<T> list, T element) {
        List<T> copy = list == null ? new ArrayList<T>(1) : new ArrayList<T>(list);
        copy.add(element);
        return copy;
    }

    /**
     * Keeps woven classes in {@code dir} for the next start (see {@link WovenCache}); stays off, with one WARN,
     * when the directory cannot be used.
     */
    public void cacheWovenClassesIn(String dir, String agentBuild) {
        cache = WovenCache.open(dir, agentBuild);
    }

    /**
     * Runs {@code install} (which places the integration's hooks) just before the first of {@code classNames}
     * (the classes those hooks go into) is woven, on the thread that loads it; never when none loads. A failing
     * install switches its integration off with one WARN, like a failed weave.
     */
    public synchronized void installWhenLoaded(String integration, Collection<String> classNames, Runnable install) {
        DeferredInstall deferred = new DeferredInstall(integration, install);
        for (String className : classNames) {
            String internalName = className.replace('.', '/');
            hookedBinaryNames.add(className.replace('/', '.'));
            deferredByClass.put(internalName, with(deferredByClass.get(internalName), deferred));
        }
    }

    private void runDeferredInstalls(String internalName) {
        List<DeferredInstall> deferred = deferredByClass.get(internalName);
        if (deferred == null) {
            return;
        }
        for (DeferredInstall install : deferred) {
            try {
                install.runOnce();
            } catch (Throwable t) {
                if (failedIntegrations.add(install.integration)) {
                    LOG.warn("could not install integration {}; it is skipped: {}", install.integration, t.toString());
                }
            }
        }
    }

    /** An integration's install, run once however many of its classes load and on however many threads. */
    private static final class DeferredInstall {
        final String integration;
        private final Runnable install;
        private boolean done;

        DeferredInstall(String integration, Runnable install) {
            this.integration = integration;
            this.install = install;
        }

        synchronized void runOnce() {
            if (!done) {
                done = true;
                install.run();
            }
        }
    }

    /**
     * Registers with the JVM and weaves hooked classes that are already loaded. At start-up only the JDK's own
     * classes can be loaded yet, so only the bootstrap loader's classes are looked at; then, where it sees every
     * class, the {@link ClassDefinitionWatch} takes over and this transformer is unregistered. After a dynamic
     * attach (or where the watch would miss classes) this transformer stays, and every loaded class is looked at.
     */
    public void installOn(Instrumentation instrumentation, boolean attached) {
        boolean watch = !attached && ClassDefinitionWatch.usable(instrumentation);
        // once unregistered, a transformer's retransformations are undone by the next agent that retransforms the
        // class: what the watch's premain weaves is woven as it loads or redefined, which no retransformation undoes
        instrumentation.addTransformer(this, !watch);
        if (!instrumentation.isRetransformClassesSupported()) {
            return;
        }
        Class<?>[] candidates = attached ? instrumentation.getAllLoadedClasses()
                : instrumentation.getInitiatedClasses(null);
        for (Class<?> c : candidates) {
            if (!hookedBinaryNames.contains(c.getName())) {
                continue;
            }
            String internalName = c.getName().replace('.', '/');
            if (!wovenClasses.contains(internalName) && instrumentation.isModifiableClass(c)) {
                try {
                    if (watch) {
                        ClassDefinitionWatch.redefine(instrumentation, c);
                    } else {
                        instrumentation.retransformClasses(c);
                    }
                } catch (Exception | LinkageError e) {
                    LOG.warn("could not weave already loaded {}; its integration is skipped: {}", c.getName(), e);
                }
            }
        }
        if (!watch) {
            return;
        }
        if (ClassDefinitionWatch.replace(this, instrumentation)) {
            LOG.debug("class loads are seen at ClassLoader.defineClass");
        } else {
            instrumentation.removeTransformer(this);
            instrumentation.addTransformer(this, true);
        }
    }

    /** Every class a hook goes into, installed or waiting for its library ("a/b/C"). */
    Set<String> hookedClassNames() {
        Set<String> names = new HashSet<>(hooksByClass.keySet());
        names.addAll(deferredByClass.keySet());
        return names;
    }

    boolean isWoven(String internalName) {
        return wovenClasses.contains(internalName);
    }

    /** While set, this transformer leaves class loads to the {@link ClassDefinitionWatch} (retransformations stay). */
    void leaveLoadsToTheWatch(boolean watching) {
        watchingDefinitions = watching;
    }

    @Override
    public boolean watches(String name) {
        return hookedBinaryNames.contains(name);
    }

    @Override
    public byte[] defining(ClassLoader loader, String name, byte[] classFile, ProtectionDomain domain) {
        return weaveIfHooked(name.replace('.', '/'), classFile, domain);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || classBeingRedefined == null && watchingDefinitions) {
            return null;
        }
        return weaveIfHooked(className, classfileBuffer, protectionDomain);
    }

    private byte[] weaveIfHooked(String className, byte[] classfileBuffer, ProtectionDomain protectionDomain) {
        runDeferredInstalls(className);
        List<RegisteredHook> hooks = hooksByClass.get(className);
        if (hooks == null) {
            return null;
        }
        List<RegisteredHook> active = activeHooks(hooks);
        if (active.isEmpty()) {
            return null;
        }
        try {
            Woven woven = weave(className, classfileBuffer, active);
            Set<String> partial = partialIntegrations(active, woven.found);
            if (!partial.isEmpty()) {
                switchOff(partial, className, active, woven.found, protectionDomain);
                active = activeHooks(active);
                woven = active.isEmpty() ? null : weave(className, classfileBuffer, active);
            }
            if (woven == null || woven.found.isEmpty()) {
                return null;
            }
            wovenClasses.add(className);
            return woven.bytes;
        } catch (Throwable t) {
            for (RegisteredHook hook : active) {
                if (failedIntegrations.add(hook.integration)) {
                    LOG.warn("could not weave {}; integration {} is skipped: {}", className.replace('/', '.'),
                            hook.integration, t.toString());
                }
            }
            return null;
        }
    }

    /** Weaves, or takes the woven bytes from the cache when it holds this very class with these very hooks. */
    private Woven weave(String className, byte[] original, List<RegisteredHook> hooks) {
        WovenCache cache = this.cache;
        Woven woven = cache == null ? null : cache.get(className, original, hooks);
        if (woven == null) {
            woven = HookWeaver.weave(original, hooks);
            if (cache != null) {
                cache.put(className, original, hooks, woven);
            }
        }
        return woven;
    }

    /** Integrations of which this class has some hook points but not all: a version the agent does not know. */
    private static Set<String> partialIntegrations(List<RegisteredHook> hooks, Set<RegisteredHook> found) {
        Set<String> partial = new HashSet<>();
        for (RegisteredHook hook : hooks) {
            if (!found.contains(hook)) {
                partial.add(hook.integration);
            }
        }
        return partial;
    }

    /**
     * A partial match is no match: the integration leaves the library alone rather than act on half of it.
     * When another integration took the class whole (one version line of the same library), the mismatch is
     * expected and only logged at debug level; otherwise one WARN names the library, its version and what is
     * missing, as the class loads, so the operator learns it at start-up.
     */
    private void switchOff(Set<String> partial, String className, List<RegisteredHook> hooks,
                           Set<RegisteredHook> found, ProtectionDomain protectionDomain) {
        boolean takenWhole = false;
        for (RegisteredHook hook : hooks) {
            takenWhole |= !partial.contains(hook.integration);
        }
        for (String integration : partial) {
            if (!failedIntegrations.add(integration)) {
                continue;
            }
            List<String> missing = new ArrayList<>();
            for (RegisteredHook hook : hooks) {
                if (hook.integration.equals(integration) && !found.contains(hook)) {
                    missing.add(hook.point.readableMethod());
                }
            }
            String line = "{}: {} from {} lacks {}; the agent leaves this library alone{}";
            String library = LibraryVersion.describe(protectionDomain);
            String consequence = takenWhole ? " (another version line took it)"
                    : " (its listeners count as unowned at shutdown)";
            if (takenWhole) {
                supersededIntegrations.add(integration);
                LOG.debug(line, integration, className.replace('/', '.'), library, missing, consequence);
            } else {
                LOG.warn(line, integration, className.replace('/', '.'), library, missing, consequence);
            }
        }
    }

    /** True when the integration was switched off: a partial match, a failed weave or a failing hook. */
    @Override
    public boolean isSwitchedOff(String integration) {
        return failedIntegrations.contains(integration);
    }

    @Override
    public boolean isSupersededByAnotherLine(String integration) {
        return supersededIntegrations.contains(integration);
    }

    private List<RegisteredHook> activeHooks(List<RegisteredHook> hooks) {
        List<RegisteredHook> active = new ArrayList<>(hooks.size());
        for (RegisteredHook hook : hooks) {
            if (!failedIntegrations.contains(hook.integration)) {
                active.add(hook);
            }
        }
        return active;
    }

    /** Names of integrations switched off because weaving or a hook failed. */
    public Set<String> failedIntegrations() {
        return new HashSet<>(failedIntegrations);
    }
}
