package dev.gracefulagent.instrument;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The ASM weaver the agent used until the byte-level {@link HookWeaver} replaced it, kept as the oracle the
 * new weaver is compared with ({@link WeaverEquivalenceTest}). Its code is the old HookWeaver, EntryHook,
 * ReturnHook, TaskCallHook and HookCall, merged and otherwise unchanged; its constants are copied rather than
 * shared, so that a change in the agent cannot change the oracle too.
 */
final class AsmReferenceWeaver extends ClassVisitor {
    private static final String BRIDGE = "dev/gracefulagent/bootstrap/Bridge";
    private static final int STACK = 5;
    private static final String ENTER_DESC =
            "(ILjava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Z";
    private static final String RUN_TASK_DESC = "(Ljava/lang/Runnable;Ljava/lang/Object;I)V";

    private final List<RegisteredHook> hooks;
    private final Set<RegisteredHook> found = new HashSet<>();
    private int classVersion;

    private AsmReferenceWeaver(ClassVisitor next, List<RegisteredHook> hooks) {
        super(Opcodes.ASM9, next);
        this.hooks = hooks;
    }

    static Woven weave(byte[] original, List<RegisteredHook> hooks) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        AsmReferenceWeaver weaver = new AsmReferenceWeaver(writer, hooks);
        reader.accept(weaver, 0);
        return new Woven(writer.toByteArray(), weaver.found);
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

    /** Emits {@code Bridge.enter(id, this, a, b, c)}, leaving its boolean on the stack. */
    private static void emitCall(MethodVisitor mv, RegisteredHook hook, boolean isStatic, Type[] parameters) {
        mv.visitLdcInsn(hook.id);
        if (isStatic) {
            mv.visitInsn(Opcodes.ACONST_NULL);
        } else {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
        }
        for (int i = 0; i < 3; i++) {
            loadArgument(mv, i < hook.point.arguments.length ? hook.point.arguments[i] : -1, isStatic, parameters);
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "enter", ENTER_DESC, false);
    }

    /**
     * The same call with the object about to be returned as the hook's first argument; the object stays on the
     * stack for the return. Only swaps and a dup, so no local variable is needed.
     */
    private static void emitCallWithResult(MethodVisitor mv, RegisteredHook hook, boolean isStatic,
                                           Type[] parameters) {
        mv.visitInsn(Opcodes.DUP);
        mv.visitLdcInsn(hook.id);
        mv.visitInsn(Opcodes.SWAP);
        if (isStatic) {
            mv.visitInsn(Opcodes.ACONST_NULL);
        } else {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
        }
        mv.visitInsn(Opcodes.SWAP);
        for (int i = 0; i < 2; i++) {
            loadArgument(mv, i < hook.point.arguments.length ? hook.point.arguments[i] : -1, isStatic, parameters);
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "enter", ENTER_DESC, false);
    }

    private static void loadArgument(MethodVisitor mv, int index, boolean isStatic, Type[] parameters) {
        if (index < 0 || index >= parameters.length || parameters[index].getSort() < Type.ARRAY) {
            mv.visitInsn(Opcodes.ACONST_NULL);
            return;
        }
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < index; i++) {
            slot += parameters[i].getSize();
        }
        mv.visitVarInsn(Opcodes.ALOAD, slot);
    }

    /**
     * Calls the bridge at the start of a method. Only the prologue changes; the single branch a skippable hook
     * needs lands where the original code begins, which gets the method's initial frame (unless the original
     * code puts one there itself).
     */
    private static final class EntryHook extends MethodVisitor {
        private final boolean isStatic;
        private final Type[] parameters;
        private final Type returnType;
        private final RegisteredHook hook;
        private final boolean framesUsed;
        private boolean frameOwed;

        EntryHook(MethodVisitor next, int access, String descriptor, RegisteredHook hook, boolean framesUsed) {
            super(Opcodes.ASM9, next);
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.parameters = Type.getArgumentTypes(descriptor);
            this.returnType = Type.getReturnType(descriptor);
            this.hook = hook;
            this.framesUsed = framesUsed;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            emitCall(mv, hook, isStatic, parameters);
            if (!hook.point.skippable) {
                super.visitInsn(Opcodes.POP);
                return;
            }
            Label proceed = new Label();
            super.visitJumpInsn(Opcodes.IFEQ, proceed);
            if (returnType.getSort() == Type.VOID) {
                super.visitInsn(Opcodes.RETURN);
            } else {
                super.visitInsn(hook.point.skipResult ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
                super.visitInsn(Opcodes.IRETURN);
            }
            super.visitLabel(proceed);
            // the original code may start with a frame of its own at this very offset; then that one stands
            frameOwed = framesUsed;
        }

        private void payFrame() {
            if (frameOwed) {
                frameOwed = false;
                super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            }
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            frameOwed = false;
            super.visitFrame(type, numLocal, local, numStack, stack);
        }

        @Override
        public void visitInsn(int opcode) {
            payFrame();
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            payFrame();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            payFrame();
            super.visitVarInsn(opcode, var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            payFrame();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            payFrame();
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                                    boolean isInterface) {
            payFrame();
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethodHandle,
                                           Object... bootstrapMethodArguments) {
            payFrame();
            super.visitInvokeDynamicInsn(name, descriptor, bootstrapMethodHandle, bootstrapMethodArguments);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            payFrame();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            payFrame();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            payFrame();
            super.visitIincInsn(var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            payFrame();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            payFrame();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            payFrame();
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // the stack is empty at entry
            super.visitMaxs(Math.max(maxStack, STACK), maxLocals);
        }
    }

    /**
     * Calls the bridge just before each return instruction. The inserted code has no branches and leaves the
     * stack as it found it, so every existing frame stays valid; a throw leaves the method without the call.
     */
    private static final class ReturnHook extends MethodVisitor {
        private final boolean isStatic;
        private final Type[] parameters;
        private final RegisteredHook hook;

        ReturnHook(MethodVisitor next, int access, String descriptor, RegisteredHook hook) {
            super(Opcodes.ASM9, next);
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.parameters = Type.getArgumentTypes(descriptor);
            this.hook = hook;
        }

        @Override
        public void visitInsn(int opcode) {
            if (hook.point.passesResult && opcode == Opcodes.ARETURN) {
                emitCallWithResult(mv, hook, isStatic, parameters);
                mv.visitInsn(Opcodes.POP);
            } else if (!hook.point.passesResult && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                emitCall(mv, hook, isStatic, parameters);
                mv.visitInsn(Opcodes.POP);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // the return value may be on the stack below the call's operands
            super.visitMaxs(maxStack + STACK, maxLocals);
        }
    }

    /**
     * Replaces {@code task.run()} with {@code Bridge.runTask(task, this, id)}: one call for another with the
     * task already on the stack, so the method's branches, frames and exception handlers are untouched, and
     * whatever the task throws still reaches the method as before.
     */
    private static final class TaskCallHook extends MethodVisitor {
        private final boolean isStatic;
        private final RegisteredHook hook;

        TaskCallHook(MethodVisitor next, int access, RegisteredHook hook) {
            super(Opcodes.ASM9, next);
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.hook = hook;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                                    boolean isInterface) {
            if ((opcode == Opcodes.INVOKEINTERFACE || opcode == Opcodes.INVOKEVIRTUAL) && name.equals("run")
                    && descriptor.equals("()V") && owner.equals(hook.point.taskOwner)) {
                if (isStatic) {
                    super.visitInsn(Opcodes.ACONST_NULL);
                } else {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                }
                super.visitLdcInsn(hook.id);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "runTask", RUN_TASK_DESC, false);
                return;
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 2, maxLocals);
        }
    }
}
