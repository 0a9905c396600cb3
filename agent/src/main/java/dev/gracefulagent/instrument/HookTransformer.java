package dev.gracefulagent.instrument;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.log.Log;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import org.slf4j.Logger;

/**
 * The agent's one class file transformer. It compares the class name against the hooked classes first, so
 * the other classes of the application cost a map lookup; only a hooked class is parsed and rewritten.
 * A class that cannot be woven is left as it is and its integration is reported as skipped, once.
 */
public final class HookTransformer implements ClassFileTransformer, Instrumenter {
    private static final Logger LOG = Log.get(HookTransformer.class);

    private final Map<String, List<RegisteredHook>> hooksByClass = new HashMap<>();
    private final Set<String> failedIntegrations = ConcurrentHashMap.newKeySet();
    /** Switched off only because another version line of the same library took the class: expected. */
    private final Set<String> supersededIntegrations = ConcurrentHashMap.newKeySet();
    private final Set<String> wovenClasses = ConcurrentHashMap.newKeySet();
    private int nextId;

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
        List<RegisteredHook> hooks = hooksByClass.get(point.internalClassName);
        if (hooks == null) {
            hooks = new ArrayList<>();
            hooksByClass.put(point.internalClassName, hooks);
        }
        hooks.add(new RegisteredHook(integration, point, id));
        return id;
    }

    /**
     * Registers with the JVM and weaves hooked classes that are already loaded. At start-up only the JDK's own
     * classes can be loaded yet, so only the bootstrap loader's classes are looked at, without loading any: a
     * hooked JDK class the application has not used yet is woven when it first loads, and start-up parses
     * nothing. After a dynamic attach, every loaded class is looked at.
     */
    public void installOn(Instrumentation instrumentation, boolean attached) {
        instrumentation.addTransformer(this, true);
        if (!instrumentation.isRetransformClassesSupported()) {
            return;
        }
        Class<?>[] candidates = attached ? instrumentation.getAllLoadedClasses()
                : instrumentation.getInitiatedClasses(null);
        for (Class<?> c : candidates) {
            String internalName = c.getName().replace('.', '/');
            if (hooksByClass.containsKey(internalName) && !wovenClasses.contains(internalName)
                    && instrumentation.isModifiableClass(c)) {
                try {
                    instrumentation.retransformClasses(c);
                } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                    LOG.warn("could not weave already loaded {}; its integration is skipped: {}", c.getName(), e);
                }
            }
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null) {
            return null;
        }
        List<RegisteredHook> hooks = hooksByClass.get(className);
        if (hooks == null) {
            return null;
        }
        List<RegisteredHook> active = activeHooks(hooks);
        if (active.isEmpty()) {
            return null;
        }
        try {
            Woven woven = weave(classfileBuffer, active);
            Set<String> partial = partialIntegrations(active, woven.found);
            if (!partial.isEmpty()) {
                switchOff(partial, className, active, woven.found, protectionDomain);
                active = activeHooks(active);
                woven = active.isEmpty() ? null : weave(classfileBuffer, active);
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

    private static Woven weave(byte[] original, List<RegisteredHook> hooks) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        HookWeaver weaver = new HookWeaver(writer, hooks);
        reader.accept(weaver, 0);
        return new Woven(writer.toByteArray(), weaver.found());
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

    private static final class Woven {
        final byte[] bytes;
        final Set<RegisteredHook> found;

        Woven(byte[] bytes, Set<RegisteredHook> found) {
            this.bytes = bytes;
            this.found = found;
        }
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
