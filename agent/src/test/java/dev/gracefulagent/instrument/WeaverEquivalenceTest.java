package dev.gracefulagent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The byte-level {@link HookWeaver} against the ASM weaver it replaced ({@link AsmReferenceWeaver}), on real
 * class files: every method of every class gets hooks, both weavers weave the class, and ASM reads both
 * results back into a listing per method that must be the same. The listing leaves out what the new weaver
 * does differently by design: its nop padding, the instruction chosen to push an int, how {@code this} is
 * loaded, type annotations and unknown attributes in code. HotSpot's verifier then checks the woven classes
 * themselves.
 */
class WeaverEquivalenceTest {
    /**
     * Keeps the run at some seconds should the libraries grow (the corpus is some 6,400 classes, woven and
     * compared in about 5 s); it is read in a fixed order, so the same classes are compared each time.
     */
    private static final int MAX_CLASSES = 8000;
    /** JDK classes added to the libraries': big collection, concurrent and regex code, with recent frames. */
    private static final List<String> JDK_CLASSES = List.of("java/io", "java/lang", "java/lang/invoke", "java/net",
            "java/time/format", "java/util", "java/util/concurrent", "java/util/concurrent/locks", "java/util/regex",
            "java/util/stream");
    /** Argument indexes the hooks pass, cycled through; an index past the parameters is passed as null. */
    private static final int[][] ARGUMENTS = {{}, {0}, {1, 0}, {0, 1, 2}, {2}};
    /** The k-th hook of a class gets a distinct id in one of these ranges: iconst/bipush, sipush, ldc. */
    private static final int[] ID_BASES = {0, 20_000, 1 << 20, 1 << 24};
    private static final String[] OPCODES = opcodeNames();
    private static final String[] FRAME_TYPES = {"TOP", "INTEGER", "FLOAT", "DOUBLE", "LONG", "NULL",
            "UNINITIALIZED_THIS"};

    @Test
    void wovenCodeIsTheSameAsTheAsmWeavers() throws Exception {
        long start = System.nanoTime();
        int classes = 0;
        int methods = 0;
        List<String> overLimits = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (ClassBytes original : corpus()) {
            List<RegisteredHook> hooks = hooksFor(original.bytes());
            Woven actual;
            try {
                actual = HookWeaver.weave(original.bytes(), hooks);
            } catch (RuntimeException e) {
                // the limits of a class file, which the ASM weaver got around by rewriting jumps to goto_w
                if (e.getMessage() != null && e.getMessage().matches(".*(32 KiB|64 KiB|pool is full).*")) {
                    overLimits.add(original.name());
                } else {
                    mismatches.add(original.name() + ": the byte-level weaver failed: " + e);
                }
                continue;
            }
            try {
                methods += compare(original.name(), hooks, AsmReferenceWeaver.weave(original.bytes(), hooks), actual,
                        mismatches);
                classes++;
            } catch (RuntimeException e) {
                mismatches.add(original.name() + ": ASM cannot read a woven class: " + e);
            }
        }
        System.out.printf("weaver equivalence: %d classes, %d methods compared in %d ms; %d classes over a class"
                        + " file limit for the byte-level weaver %s%n", classes, methods,
                (System.nanoTime() - start) / 1_000_000, overLimits.size(), overLimits);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches, the first ones:\n"
                + mismatches.stream().limit(20).collect(Collectors.joining("\n")));
    }

    /** Adds to {@code mismatches} where the two weavers' classes differ; answers how many methods it compared. */
    private static int compare(String name, List<RegisteredHook> hooks, Woven expected, Woven actual,
                               List<String> mismatches) {
        if (!expected.found.equals(actual.found)) {
            mismatches.add(name + ": hooks found: ASM weaver " + expected.found.size() + ", byte-level weaver "
                    + actual.found.size());
        }
        Listing expectedListing = new Listing(expected.bytes);
        Listing actualListing = new Listing(actual.bytes);
        String headerDifference = firstDifference(expectedListing.header, actualListing.header);
        if (headerDifference != null) {
            mismatches.add(name + ": " + headerDifference);
        }
        Map<String, Integer> neededStacks = new Listing(withComputedMaxStacks(actual.bytes)).maxStacks;
        for (Map.Entry<String, List<String>> method : expectedListing.methods.entrySet()) {
            String key = method.getKey();
            String difference = firstDifference(method.getValue(), actualListing.methods.getOrDefault(key, List.of()));
            if (difference == null) {
                difference = stackDifference(expectedListing.maxStacks.get(key), actualListing.maxStacks.get(key),
                        neededStacks.get(key));
            }
            if (difference != null) {
                mismatches.add(name + " " + key + " " + hooksOf(hooks, key) + ": " + difference);
            }
        }
        return expectedListing.methods.size();
    }

    /**
     * Every library class of the corpus that links in a class loader of its own (not all do: one defined apart
     * from its package may fail the verifier's protected access checks) still links once woven: HotSpot verifies
     * it when {@code getDeclaredMethods} links it, with the type checker on the classes with frames and the type
     * inference verifier on Byte Buddy's version 49 ones.
     */
    @Test
    void wovenClassesPassTheJvmVerifier() throws Exception {
        int verified = 0;
        List<String> rejected = new ArrayList<>();
        for (ClassBytes original : corpus()) {
            if (original.name().startsWith("/modules/") || original.name().startsWith("synthetic/")
                    || original.name().endsWith("module-info.class")) {
                continue; // the JDK's own packages cannot be defined by another loader
            }
            String className = new ClassReader(original.bytes()).getClassName().replace('/', '.');
            if (linkError(className, original.bytes()) != null) {
                continue;
            }
            byte[] woven = HookWeaver.weave(original.bytes(), hooksFor(original.bytes())).bytes;
            Throwable error = linkError(className, woven);
            if (error != null) {
                rejected.add(className + ": " + error.toString().split("\n")[0]);
            }
            verified++;
        }
        System.out.printf("weaver verification: %d woven classes checked%n", verified);
        assertTrue(verified > 1000, "only " + verified + " classes could be linked apart");
        assertTrue(rejected.isEmpty(), rejected.size() + " woven classes rejected, the first ones:\n"
                + rejected.stream().limit(20).collect(Collectors.joining("\n")));
    }

    /** Defines the class alone in a fresh loader (the rest from the test's) and links it; the error, or null. */
    private static Throwable linkError(String className, byte[] bytes) {
        ClassLoader parent = WeaverEquivalenceTest.class.getClassLoader();
        ClassLoader alone = new ClassLoader(parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(className)) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> defined = findLoadedClass(name);
                        return defined != null ? defined : defineClass(name, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        try {
            Class.forName(className, false, alone).getDeclaredMethods();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    @Test
    void aClassWithoutTheHookedMethodsComesBackUnchanged() throws IOException {
        byte[] original;
        try (InputStream in = getClass().getResourceAsStream("Sample.class")) {
            original = in.readAllBytes();
        }
        List<RegisteredHook> hooks = List.of(new RegisteredHook("absent",
                HookPoint.atEntry(Sample.class.getName(), "absent", "()V"), 1));
        Woven woven = HookWeaver.weave(original, hooks);
        assertEquals(Set.of(), woven.found);
        assertArrayEquals(original, woven.bytes);
    }

    private record ClassBytes(String name, byte[] bytes) {
    }

    /**
     * Two classes with long branches, Byte Buddy (mostly version 49 without frames, and a shaded ASM with huge
     * methods and switches), jackson-core, jackson-databind and the JUnit engine (recent versions with frames),
     * and some JDK classes.
     */
    private static List<ClassBytes> corpus() throws IOException, ReflectiveOperationException,
            URISyntaxException {
        List<ClassBytes> classes = new ArrayList<>();
        for (int calls : new int[] {3000, 5000}) {
            classes.add(new ClassBytes("synthetic/LongBranch" + calls, longBranchClass(calls)));
        }
        // the JUnit engine is on the classpath the tests run with, not on the one they compile with
        for (Class<?> inJar : List.of(ByteBuddy.class, ObjectMapper.class, JsonFactory.class,
                Class.forName("org.junit.jupiter.engine.JupiterTestEngine"))) {
            Path jar = Path.of(inJar.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                List<? extends ZipEntry> entries = zip.stream().filter(e -> e.getName().endsWith(".class"))
                        .sorted((a, b) -> a.getName().compareTo(b.getName())).toList();
                for (ZipEntry entry : entries) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        classes.add(new ClassBytes(entry.getName(), in.readAllBytes()));
                    }
                }
            }
        }
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        for (String name : JDK_CLASSES) {
            Path path = jrt.getPath("/modules/java.base", name);
            List<Path> files;
            try (Stream<Path> listed = Files.isDirectory(path) ? Files.list(path) : Stream.of(path)) {
                files = listed.filter(p -> p.toString().endsWith(".class")).sorted().toList();
            }
            for (Path file : files) {
                classes.add(new ClassBytes(file.toString(), Files.readAllBytes(file)));
            }
        }
        return classes.subList(0, Math.min(classes.size(), MAX_CLASSES));
    }

    /**
     * A class whose one method branches forward and back over {@code calls} task calls of six bytes each. The
     * task hook makes each call four bytes longer: 3000 calls keep the branches within their 32 KiB, 5000 do not.
     */
    private static byte[] longBranchClass(int calls) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC, "synthetic/LongBranch" + calls, null, "java/lang/Object",
                null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "runAll",
                "(ZLjava/lang/Runnable;)V", null, null);
        method.visitCode();
        Label top = new Label();
        Label end = new Label();
        method.visitLabel(top);
        method.visitVarInsn(Opcodes.ILOAD, 0);
        method.visitJumpInsn(Opcodes.IFEQ, end);
        for (int i = 0; i < calls; i++) {
            method.visitVarInsn(Opcodes.ALOAD, 1);
            method.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/Runnable", "run", "()V", true);
        }
        method.visitInsn(Opcodes.ICONST_0);
        method.visitVarInsn(Opcodes.ISTORE, 0);
        method.visitJumpInsn(Opcodes.GOTO, top);
        method.visitLabel(end);
        method.visitInsn(Opcodes.RETURN);
        method.visitMaxs(1, 2);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /**
     * Hooks for every method with code. The kinds a method gets follow its index, so that each kind is seen
     * alone and in every combination, and every 16th method gets each kind twice (their order then matters).
     */
    private static List<RegisteredHook> hooksFor(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        String owner = reader.getClassName();
        List<RegisteredHook> hooks = new ArrayList<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            private int index;

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0) {
                    int kinds = index % 16;
                    int[] arguments = ARGUMENTS[index % ARGUMENTS.length];
                    for (int copy = 0; copy < (kinds == 0 ? 2 : 1); copy++) {
                        for (HookPoint point : points(kinds == 0 ? 15 : kinds, owner, name, descriptor, arguments,
                                index % 3 == 0)) {
                            int k = hooks.size();
                            hooks.add(new RegisteredHook("equivalence", point, ID_BASES[k % 4] + k / 4));
                        }
                    }
                    index++;
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return hooks;
    }

    /** Of the hooks the bits of {@code kinds} choose (entry, return, return with result, task), those that fit. */
    private static List<HookPoint> points(int kinds, String owner, String name, String descriptor, int[] arguments,
                                          boolean skipResult) {
        String returnType = MethodDescriptor.returnType(descriptor);
        List<HookPoint> points = new ArrayList<>();
        if ((kinds & 1) != 0 && !name.equals("<init>")) {
            HookPoint entry = HookPoint.atEntry(owner, name, descriptor, arguments);
            // a skipped method returns void or a boolean
            points.add(returnType.equals("V") || returnType.equals("Z") ? entry.skippingWith(skipResult) : entry);
        }
        if ((kinds & 2) != 0) {
            points.add(HookPoint.atReturn(owner, name, descriptor, arguments));
        }
        // HookPoint takes a result hook only where the returned type ends with ';' (no array of primitives)
        if ((kinds & 4) != 0 && returnType.endsWith(";")) {
            points.add(HookPoint.atReturnWithResult(owner, name, descriptor,
                    Arrays.copyOf(arguments, Math.min(arguments.length, 2))));
        }
        if ((kinds & 8) != 0) {
            points.add(HookPoint.aroundTask(owner, name, descriptor, "java/lang/Runnable"));
        }
        return points;
    }

    /** The hooks of one method, as a mismatch report names them. */
    private static String hooksOf(List<RegisteredHook> hooks, String method) {
        return hooks.stream().filter(h -> (h.point.method + h.point.descriptor).equals(method))
                .map(h -> h.point.kind + (h.point.skippable ? " skippable" : "")
                        + (h.point.passesResult ? " with result" : "") + " " + Arrays.toString(h.point.arguments))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * The ASM weaver added 5 or 2 stack slots for every return or task hook of a method, whether it inserted
     * code or not; the byte-level one adds the largest growth once, where it inserted code. So its max stack
     * may be smaller, but never below what ASM computes the woven code needs. Null when it is within those,
     * or when the method has no code.
     */
    private static String stackDifference(Integer asmWeavers, Integer byteLevelWeavers, Integer needed) {
        boolean within = asmWeavers == null ? byteLevelWeavers == null
                : byteLevelWeavers != null && byteLevelWeavers <= asmWeavers && byteLevelWeavers >= needed;
        return within ? null : "max stack: ASM weaver " + asmWeavers + ", byte-level weaver " + byteLevelWeavers
                + ", ASM computes " + needed + " needed";
    }

    /** The class with each method's max stack computed by ASM from its code: the least the method needs. */
    private static byte[] withComputedMaxStacks(byte[] bytes) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        new ClassReader(bytes).accept(writer, 0);
        return writer.toByteArray();
    }

    private static String firstDifference(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "(end)";
            String a = i < actual.size() ? actual.get(i) : "(end)";
            if (!e.equals(a)) {
                return "line " + i + ": ASM weaver '" + e + "', byte-level weaver '" + a + "'";
            }
        }
        return null;
    }

    /** Opcode names by value, from ASM's constants (asm-util's names are not in Byte Buddy). */
    private static String[] opcodeNames() {
        String[] names = new String[256];
        try {
            for (Field field : Opcodes.class.getFields()) {
                String name = field.getName();
                if (field.getType() == int.class && !name.matches("(ACC_|T_|H_|F_|V|ASM|SOURCE_).*")) {
                    names[field.getInt(null)] = name;
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    /**
     * A class as ASM reads it: the class-level parts (access, names, fields, method list), a listing of each
     * method's code and its max stack, both keyed by name and descriptor.
     */
    private static final class Listing extends ClassVisitor {
        final List<String> header = new ArrayList<>();
        final Map<String, List<String>> methods = new LinkedHashMap<>();
        final Map<String, Integer> maxStacks = new HashMap<>();

        Listing(byte[] bytes) {
            super(Opcodes.ASM9);
            new ClassReader(bytes).accept(this, ClassReader.EXPAND_FRAMES);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            header.add("CLASS " + version + " " + access + " " + name + " " + signature + " " + superName + " "
                    + Arrays.toString(interfaces));
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            header.add("FIELD " + access + " " + name + " " + descriptor + " " + signature + " " + value);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            header.add("METHOD " + access + " " + name + descriptor + " " + signature + " "
                    + Arrays.toString(exceptions));
            String key = name + descriptor;
            List<String> lines = new ArrayList<>();
            methods.put(key, lines);
            return new MethodListing(lines, maxStack -> maxStacks.put(key, maxStack));
        }
    }

    /**
     * One method's code as lines: instructions in order, each branch target and range bound named "L" and the
     * index of the instruction it stands before. Nops are left out, so the labels do not see the padding. The
     * max stack is not listed but handed on, to be checked apart.
     */
    private static final class MethodListing extends MethodVisitor {
        private final List<String> out;
        private final IntConsumer maxStack;
        /** Lines as tokens; a label among them is named once all labels have been visited. */
        private final List<Object[]> lines = new ArrayList<>();
        private final Map<Label, Integer> positions = new IdentityHashMap<>();
        private int instructions;

        MethodListing(List<String> out, IntConsumer maxStack) {
            super(Opcodes.ASM9);
            this.out = out;
            this.maxStack = maxStack;
        }

        private void line(Object... tokens) {
            lines.add(tokens);
        }

        private void instruction(int opcode, Object... operands) {
            Object[] tokens = new Object[operands.length + 1];
            tokens[0] = OPCODES[opcode];
            System.arraycopy(operands, 0, tokens, 1, operands.length);
            line(tokens);
            instructions++;
        }

        /** Every way to push an int constant is the same to the listing. */
        private void push(int value) {
            line("PUSH", value);
            instructions++;
        }

        @Override
        public void visitLabel(Label label) {
            positions.put(label, instructions);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.NOP) {
                return;
            }
            if (opcode >= Opcodes.ICONST_M1 && opcode <= Opcodes.ICONST_5) {
                push(opcode - Opcodes.ICONST_0);
            } else {
                instruction(opcode);
            }
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            if (opcode == Opcodes.NEWARRAY) {
                instruction(opcode, operand);
            } else {
                push(operand);
            }
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof Integer) {
                push((Integer) value);
            } else {
                instruction(Opcodes.LDC, value.getClass().getSimpleName(), value);
            }
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            instruction(opcode, var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            instruction(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            instruction(opcode, owner + "." + name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            instruction(opcode, owner + "." + name + descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethodHandle,
                                           Object... bootstrapMethodArguments) {
            instruction(Opcodes.INVOKEDYNAMIC, name + descriptor, bootstrapMethodHandle,
                    Arrays.toString(bootstrapMethodArguments));
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            instruction(opcode, label);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            instruction(Opcodes.IINC, var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            Object[] operands = new Object[labels.length + 3];
            operands[0] = min;
            operands[1] = max;
            operands[2] = dflt;
            System.arraycopy(labels, 0, operands, 3, labels.length);
            instruction(Opcodes.TABLESWITCH, operands);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            Object[] operands = new Object[2 * keys.length + 1];
            operands[0] = dflt;
            for (int i = 0; i < keys.length; i++) {
                operands[1 + 2 * i] = keys[i];
                operands[2 + 2 * i] = labels[i];
            }
            instruction(Opcodes.LOOKUPSWITCH, operands);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            instruction(Opcodes.MULTIANEWARRAY, descriptor, numDimensions);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            line("TRY", start, end, handler, type);
        }

        @Override
        public void visitLineNumber(int line, Label start) {
            line("LINE", line, start);
        }

        @Override
        public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end,
                                       int index) {
            line("LOCAL", name, descriptor, signature, start, end, index);
        }

        /** Expanded frames; ASM reuses the arrays, so the types are copied here. */
        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            List<Object> tokens = new ArrayList<>();
            tokens.add("FRAME");
            addFrameTypes(tokens, numLocal, local);
            tokens.add("|");
            addFrameTypes(tokens, numStack, stack);
            line(tokens.toArray());
        }

        private static void addFrameTypes(List<Object> tokens, int count, Object[] types) {
            for (int i = 0; i < count; i++) {
                Object type = types[i];
                // an uninitialized type is the label of its 'new', named like the other labels
                tokens.add(type instanceof Integer ? FRAME_TYPES[(Integer) type] : type);
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            this.maxStack.accept(maxStack);
            line("MAXLOCALS", maxLocals);
        }

        @Override
        public void visitEnd() {
            for (Object[] tokens : lines) {
                StringBuilder text = new StringBuilder();
                for (Object token : tokens) {
                    if (text.length() > 0) {
                        text.append(' ');
                    }
                    text.append(token instanceof Label ? "L" + positions.get(token) : token);
                }
                out.add(text.toString());
            }
        }
    }
}
