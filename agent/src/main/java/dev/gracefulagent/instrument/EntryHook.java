package dev.gracefulagent.instrument;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Calls the bridge at the start of a method. Only the prologue changes; the single branch a skippable hook
 * needs lands where the original code begins, which gets the method's initial frame (unless the original
 * code puts one there itself).
 */
final class EntryHook extends MethodVisitor {
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
        HookCall.emit(mv, hook, isStatic, parameters);
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
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        payFrame();
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor,
                                       Handle bootstrapMethodHandle,
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
        super.visitMaxs(Math.max(maxStack, HookCall.STACK), maxLocals);
    }
}
