package dev.gracefulagent.instrument;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Weaves the hooks of one class: a call to the bridge at the start of a method, before its returns, or in
 * place of its {@code task.run()} calls. None of them adds a branch target except the skip of an entry hook,
 * which lands on the method's initial frame, so no frames are computed and no classes are loaded while
 * weaving.
 */
final class HookWeaver extends ClassVisitor {
    private final List<RegisteredHook> hooks;
    private final Set<RegisteredHook> found = new HashSet<>();
    private int classVersion;

    HookWeaver(ClassVisitor next, List<RegisteredHook> hooks) {
        super(Opcodes.ASM9, next);
        this.hooks = hooks;
    }

    /** Parses and rewrites the class; its hooks' code is emitted by the hook visitors. */
    static Woven weave(byte[] original, List<RegisteredHook> hooks) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        HookWeaver weaver = new HookWeaver(writer, hooks);
        reader.accept(weaver, 0);
        return new Woven(writer.toByteArray(), weaver.found());
    }

    /** The hooks that found their place in the class. */
    Set<RegisteredHook> found() {
        return found;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
                      String[] interfaces) {
        classVersion = version & 0xFFFF;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                     String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return mv;
        }
        // entry hooks innermost: the code they emit goes straight to the writer, past the other hooks
        for (RegisteredHook hook : hooks) {
            if (hook.point.kind == HookPoint.Kind.ENTRY && hook.point.matches(name, descriptor)) {
                found.add(hook);
                mv = new EntryHook(mv, access, descriptor, hook, classVersion >= Opcodes.V1_6);
            }
        }
        for (RegisteredHook hook : hooks) {
            if (hook.point.kind != HookPoint.Kind.ENTRY && hook.point.matches(name, descriptor)) {
                found.add(hook);
                mv = hook.point.kind == HookPoint.Kind.RETURN ? new ReturnHook(mv, access, descriptor, hook)
                        : new TaskCallHook(mv, access, hook);
            }
        }
        return mv;
    }
}
