package dev.gracefulagent.instrument;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.log.Log;
import java.io.InputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;

/**
 * Sees the classes class loaders define through a call at the entry of {@code ClassLoader.defineClass}, in
 * place of a class file transformer. A registered transformer makes the JVM hand every class that loads to Java
 * as a fresh copy of its class file (read back from the module image first for a class of the JDK's archive):
 * on JDK 25 that alone was +10 MiB of peak RSS at a testbed's first response. The watch reads only the classes
 * the agent hooks.
 *
 * <p>It cannot see a class the JVM takes from a class data archive of the application's classes (AppCDS, the
 * AOT cache): those never pass through {@code defineClass}. So it is used only when no such archive can be in
 * play (see {@link #usableWith}), and the JDK's own hooked classes, which the JDK's default archive may hold and
 * which the bootstrap loader defines without {@code defineClass} anyway, are loaded and woven before the switch.
 * Named modules that may hold hooked classes are made to read the bridge ({@link BridgeReadability}): those of
 * the boot layer at the switch, those of layers the application defines later as each layer is created.
 */
final class ClassDefinitionWatch {
    private static final Logger LOG = Log.get(ClassDefinitionWatch.class);
    /** The name its own hooks are switched off under, should they fail. */
    private static final String NAME = "class-definitions";
    private static final String NEW_LAYER =
            "(Ljava/lang/module/Configuration;Ljava/util/List;Ljava/util/function/Function;)V";
    private static final String BYTES_VARIANT =
            "(Ljava/lang/String;[BIILjava/security/ProtectionDomain;)Ljava/lang/Class;";
    private static final String BUFFER_VARIANT =
            "(Ljava/lang/String;Ljava/nio/ByteBuffer;Ljava/security/ProtectionDomain;)Ljava/lang/Class;";
    private static final String BRIDGE = HookCall.BRIDGE;
    /** Options naming a class archive, a list to dump one, or a flags file the agent cannot read. */
    private static final String[] ARCHIVE_OPTIONS = {
        "Shared", "Archive", "AOT", "ClassList", "CacheDataStore", "Flags=",
    };

    /** Parameter slots of the array variant of {@code defineClass}: the class bytes, their offset and length. */
    private static final int BYTES = 2;
    private static final int OFFSET = 3;
    private static final int LENGTH = 4;

    private ClassDefinitionWatch() {
    }

    /**
     * True where the watch would see every class: Java 9+, classes redefinable, and no option naming a class data
     * archive beyond the JDK's own.
     */
    static boolean usable(Instrumentation instrumentation) {
        List<String> options = jvmOptions();
        if (options == null || !usableWith(options) || !instrumentation.isRedefineClassesSupported()) {
            LOG.debug("class loads are seen by a class file transformer: Java 8, or a class data archive may be used");
            return false;
        }
        return true;
    }

    /**
     * Leaves class loads to the watch and unregisters {@code transformer} (registered as not retransformation
     * capable), whose mere presence makes the JVM copy every class file that loads; false where the watch cannot be
     * set up. Runs in premain, before the application has a thread that could define a class during the switch.
     */
    static boolean replace(HookTransformer transformer, Instrumentation instrumentation) {
        try {
            if (!letNamedModulesReadTheBridge(transformer, instrumentation)) {
                LOG.debug("class loads are seen by a class file transformer: java.lang.ModuleLayer is not as known");
                return false;
            }
            loadHookedJdkClasses(transformer);
            Bridge.watchClassDefinitions(transformer);
            transformer.leaveLoadsToTheWatch(true);
            if (weaveIntoClassLoader(instrumentation)) {
                instrumentation.removeTransformer(transformer);
                return true;
            }
            return undo(transformer, "ClassLoader.defineClass is not as known");
        } catch (Exception | LinkageError e) {
            return undo(transformer, e.toString());
        }
    }

    /** Back to the transformer seeing class loads; always false, for {@link #replace} to answer. */
    private static boolean undo(HookTransformer transformer, String why) {
        transformer.leaveLoadsToTheWatch(false);
        Bridge.watchClassDefinitions(null);
        LOG.debug("class loads are seen by a class file transformer: {}", why);
        return false;
    }

    /**
     * Redefines a loaded JDK class from its class file, for the registered transformers that are not
     * retransformation capable to weave: unlike a retransformation, this stays when another agent retransforms the
     * class later (its retransformations start from the redefined class).
     */
    static void redefine(Instrumentation instrumentation, Class<?> c) throws Exception {
        String resource = "/" + c.getName().replace('.', '/') + ".class";
        byte[] classFile;
        try (InputStream in = c.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + c.getName());
            }
            classFile = AgentJar.readAll(in);
        }
        instrumentation.redefineClasses(new ClassDefinition(c, classFile));
    }

    /** The boot layer's modules now, and the modules of each layer defined later as the layer is created. */
    private static boolean letNamedModulesReadTheBridge(final HookTransformer transformer,
                                                        Instrumentation instrumentation) throws Exception {
        final BridgeReadability readability = new BridgeReadability(instrumentation);
        readability.grantToBootLayer(BridgeReadability.packagesOf(transformer.hookedClassNames()));
        transformer.hook(NAME, HookPoint.atReturn("java.lang.ModuleLayer", "<init>", NEW_LAYER), new Bridge.Hook() {
            @Override
            public boolean enter(Object layer, Object a, Object b, Object c) {
                readability.grantToLayer(layer, BridgeReadability.packagesOf(transformer.hookedClassNames()));
                return false;
            }
        });
        redefine(instrumentation, Class.forName("java.lang.ModuleLayer"));
        return transformer.isWoven("java/lang/ModuleLayer");
    }

    /** The bootstrap loader defines the JDK's classes without {@code defineClass}: its hooked ones load now. */
    private static void loadHookedJdkClasses(HookTransformer transformer) {
        for (String internalName : transformer.hookedClassNames()) {
            if (isJdkPackage(internalName) && !transformer.isWoven(internalName)) {
                try {
                    Class.forName(internalName.replace('/', '.'), false, null);
                } catch (ClassNotFoundException | LinkageError e) {
                    // not the bootstrap loader's: the JDK's HTTP server is the platform loader's, which defines it
                    // through defineClass (the JDK's default archive holds none of it: checked on 17 and 25)
                }
            }
        }
    }

    private static boolean isJdkPackage(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/") || internalName.startsWith("jdk/")
                || internalName.startsWith("sun/") || internalName.startsWith("com/sun/");
    }

    /**
     * True when the JVM's options name no class data archive beyond the JDK's own (and no flags file that could
     * name one): then every application class is defined through {@code defineClass}.
     */
    static boolean usableWith(List<String> jvmOptions) {
        for (String option : jvmOptions) {
            if (option.startsWith("-Xshare:dump")) {
                return false;
            }
            if (option.startsWith("-XX:")) {
                for (String archive : ARCHIVE_OPTIONS) {
                    if (option.contains(archive)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * The JVM's options (command line, JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, option files), or null when they
     * cannot be read (Java 8): then the watch is not used.
     */
    static List<String> jvmOptions() {
        if (!JdkAccess.hasModules()) {
            return null;
        }
        try {
            return Arrays.asList(Java9Calls.runtimeArguments());
        } catch (RuntimeException | LinkageError e) {
            return null; // jdk.internal.misc not exported to the agent (JdkAccess.open has not run)
        }
    }

    /** Weaves the watch into {@code ClassLoader}; false, with nothing changed, when its methods are not as known. */
    static boolean weaveIntoClassLoader(Instrumentation instrumentation) throws Exception {
        ClassLoaderWeaver weaver = new ClassLoaderWeaver();
        instrumentation.addTransformer(weaver, false);
        try {
            redefine(instrumentation, ClassLoader.class);
        } finally {
            instrumentation.removeTransformer(weaver);
        }
        return weaver.woven;
    }

    private static final class ClassLoaderWeaver implements ClassFileTransformer {
        volatile boolean woven;

        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain protectionDomain, byte[] classfileBuffer) {
            if (classBeingRedefined != ClassLoader.class) {
                return null;
            }
            ClassFile file = new ClassFile(classfileBuffer);
            int found = 0;
            for (int method = 0; method < file.methodCount(); method++) {
                String descriptor = file.methodIs(method, "defineClass", BYTES_VARIANT) ? BYTES_VARIANT
                        : file.methodIs(method, "defineClass", BUFFER_VARIANT) ? BUFFER_VARIANT : null;
                if (descriptor != null && (file.access(method) & ClassFile.ACC_STATIC) == 0 && file.hasCode(method)) {
                    file.replaceCode(method, defineClassEntry(file, method, descriptor));
                    found++;
                }
            }
            if (found != 2) {
                return null;
            }
            woven = true;
            return file.toBytes();
        }
    }

    /**
     * {@code b = Bridge.definingClass(this, name, b, ..., pd)} at the entry of one of the two {@code defineClass}
     * variants every other one ends in, with the method's own parameters, the answer stored over the class bytes
     * (the second parameter); in the array variant {@code off} and {@code len} then follow the answered array. No
     * branch, so the method's frames stay as they are: the parameters keep their types.
     */
    private static byte[] defineClassEntry(ClassFile file, int method, String descriptor) {
        String[] parameters = MethodDescriptor.parameters(descriptor);
        Bytecode entry = new Bytecode(file);
        entry.load("L", 0);
        StringBuilder bridgeDescriptor = new StringBuilder("(Ljava/lang/ClassLoader;");
        for (int i = 0; i < parameters.length; i++) {
            entry.load(parameters[i], i + 1);
            bridgeDescriptor.append(parameters[i]);
        }
        String bytes = parameters[BYTES - 1];
        bridgeDescriptor.append(')').append(bytes);
        entry.invokeStatic(BRIDGE, "definingClass", bridgeDescriptor.toString());
        if (bytes.startsWith("[")) {
            rangeArgument(entry, "lengthIn", LENGTH);
            rangeArgument(entry, "offsetIn", OFFSET);
        }
        entry.store(bytes, BYTES);
        CodeRewriter code = new CodeRewriter(file, method);
        code.prologue(entry);
        // this and every parameter (each one slot) on the stack at once
        code.stackAtLeast(1 + parameters.length);
        return code.rewritten();
    }

    /** With the answered array on the stack: {@code slot = Bridge.<method>(answered, b, slot)}. */
    private static void rangeArgument(Bytecode entry, String method, int slot) {
        entry.op(Bytecode.DUP);
        entry.load("[B", BYTES);
        entry.load("I", slot);
        entry.invokeStatic(BRIDGE, method, "([B[BI)I");
        entry.store("I", slot);
    }
}
