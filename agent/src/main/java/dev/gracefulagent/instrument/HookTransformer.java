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
            ClassReader reader = new ClassReader(classfileBuffer);
            ClassWriter writer = new ClassWriter(reader, 0);
            HookWeaver weaver = new HookWeaver(writer, active);
            reader.accept(weaver, 0);
            if (weaver.wovenCount() < active.size()) {
                LOG.debug("{}: {} of {} hook points found", className.replace('/', '.'), weaver.wovenCount(),
                        active.size());
            }
            if (weaver.wovenCount() == 0) {
                return null;
            }
            byte[] woven = writer.toByteArray();
            wovenClasses.add(className);
            return woven;
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
