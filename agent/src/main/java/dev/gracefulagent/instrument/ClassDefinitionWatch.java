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
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
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
            ClassReader reader = new ClassReader(classfileBuffer);
            ClassWriter writer = new ClassWriter(reader, 0);
            DefineClassEntries entries = new DefineClassEntries(writer);
            reader.accept(entries, 0);
            if (entries.found != 2) {
                return null;
            }
            woven = true;
            return writer.toByteArray();
        }
    }

    /** Finds the two {@code defineClass} variants every other one ends in and routes their input through the bridge. */
    private static final class DefineClassEntries extends ClassVisitor {
        int found;

        DefineClassEntries(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!name.equals("defineClass") || (access & Opcodes.ACC_STATIC) != 0) {
                return mv;
            }
            if (!descriptor.equals(BYTES_VARIANT) && !descriptor.equals(BUFFER_VARIANT)) {
                return mv;
            }
            found++;
            return new DefineClassEntry(mv, descriptor);
        }
    }

    /**
     * {@code b = Bridge.definingClass(this, name, b, ..., pd)} with the method's own parameters, the answer stored
     * over the class bytes (the second parameter); in the array variant {@code off} and {@code len} then follow the
     * answered array. No branch, so the method's frames stay as they are: the parameters keep their types.
     */
    private static final class DefineClassEntry extends MethodVisitor {
        private static final int BYTES = 2;
        private static final int OFFSET = 3;
        private static final int LENGTH = 4;
        private final Type[] parameters;

        DefineClassEntry(MethodVisitor next, String descriptor) {
            super(Opcodes.ASM9, next);
            this.parameters = Type.getArgumentTypes(descriptor);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitVarInsn(Opcodes.ALOAD, 0);
            StringBuilder bridgeDescriptor = new StringBuilder("(Ljava/lang/ClassLoader;");
            for (int i = 0; i < parameters.length; i++) {
                super.visitVarInsn(parameters[i].getOpcode(Opcodes.ILOAD), i + 1);
                bridgeDescriptor.append(parameters[i].getDescriptor());
            }
            Type bytes = parameters[BYTES - 1];
            bridgeDescriptor.append(')').append(bytes.getDescriptor());
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "definingClass", bridgeDescriptor.toString(), false);
            if (bytes.getSort() == Type.ARRAY) {
                rangeArgument("lengthIn", LENGTH);
                rangeArgument("offsetIn", OFFSET);
            }
            super.visitVarInsn(Opcodes.ASTORE, BYTES);
        }

        /** With the answered array on the stack: {@code slot = Bridge.<method>(answered, b, slot)}. */
        private void rangeArgument(String method, int slot) {
            super.visitInsn(Opcodes.DUP);
            super.visitVarInsn(Opcodes.ALOAD, BYTES);
            super.visitVarInsn(Opcodes.ILOAD, slot);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, method, "([B[BI)I", false);
            super.visitVarInsn(Opcodes.ISTORE, slot);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // this and every parameter (each one slot) on the stack at once
            super.visitMaxs(Math.max(maxStack, 1 + parameters.length), maxLocals);
        }
    }
}
