package dev.gracefulagent.instrument;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.internal.misc.Unsafe;
import jdk.internal.misc.VM;

/**
 * The Java 9+ calls the agent makes, compiled for Java 9 against the build JDK (and against jdk.internal.misc,
 * which {@link JdkAccess#open} exports to the agent before any call here needs it) so that they are plain calls.
 * Made through reflection they cost start-up: from JDK 18 on, the first reflective call of each signature spins
 * method handle classes (on JDK 25, 1.5 MB allocated and ~38 ms in premain for the first two). Loaded only on
 * Java 9+; its signatures mention only types Java 8 has, so that the rest of the agent compiles for Java 8.
 */
final class Java9Calls {
    private Java9Calls() {
    }

    /** The class's module, as an Object for the Java 8 code. */
    static Object moduleOf(Class<?> c) {
        return c.getModule();
    }

    static Object bootLayer() {
        return ModuleLayer.boot();
    }

    /** A module of the boot layer, or null when the runtime was built without it (jlink). */
    static Object bootModule(String name) {
        return ModuleLayer.boot().findModule(name).orElse(null);
    }

    /** The modules of a {@code ModuleLayer}. */
    static Collection<?> modulesOf(Object layer) {
        return ((ModuleLayer) layer).modules();
    }

    static Set<String> packagesOf(Object module) {
        return ((Module) module).getPackages();
    }

    static boolean isOpen(Object module, String packageName, Object to) {
        return ((Module) module).isOpen(packageName, (Module) to);
    }

    /** {@code Instrumentation.redefineModule} with extra reads, exports and opens (no uses or provides). */
    @SuppressWarnings("unchecked")
    static void redefineModule(Instrumentation instrumentation, Object module, Set<?> reads,
                               Map<String, ? extends Set<?>> exports, Map<String, ? extends Set<?>> opens) {
        instrumentation.redefineModule((Module) module, (Set<Module>) reads, (Map<String, Set<Module>>) exports,
                (Map<String, Set<Module>>) opens, Collections.<Class<?>>emptySet(),
                Collections.<Class<?>, List<Class<?>>>emptyMap());
    }

    /** Defines a class in {@code loader}, null for the bootstrap class loader. */
    static Class<?> defineClass(String name, byte[] classFile, ClassLoader loader) {
        return Unsafe.getUnsafe().defineClass(name, classFile, 0, classFile.length, loader, null);
    }

    /** A static reference field's value (its class initialized); {@code getReference} is JDK 12+. */
    static Object getStatic(Field field) {
        Unsafe unsafe = Unsafe.getUnsafe();
        return unsafe.getReference(unsafe.staticFieldBase(field), unsafe.staticFieldOffset(field));
    }

    /** Sets a static reference field (its class initialized); {@code putReference} is JDK 12+. */
    static void putStatic(Field field, Object value) {
        Unsafe unsafe = Unsafe.getUnsafe();
        unsafe.putReference(unsafe.staticFieldBase(field), unsafe.staticFieldOffset(field), value);
    }

    /** The JVM's options: command line, JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, option files. */
    static String[] runtimeArguments() {
        return VM.getRuntimeArguments();
    }
}
