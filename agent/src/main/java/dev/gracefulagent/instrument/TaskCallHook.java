package dev.gracefulagent.instrument;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Replaces {@code task.run()} with {@code Bridge.runTask(task, this, id)}: one call for another with the task
 * already on the stack, so the method's branches, frames and exception handlers are untouched, and whatever
 * the task throws still reaches the method as before.
 */
final class TaskCallHook extends MethodVisitor {
    private static final String RUN_TASK_DESC = "(Ljava/lang/Runnable;Ljava/lang/Object;I)V";

    private final boolean isStatic;
    private final RegisteredHook hook;

    TaskCallHook(MethodVisitor next, int access, RegisteredHook hook) {
        super(Opcodes.ASM9, next);
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.hook = hook;
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if ((opcode == Opcodes.INVOKEINTERFACE || opcode == Opcodes.INVOKEVIRTUAL) && name.equals("run")
                && descriptor.equals("()V") && owner.equals(hook.point.taskOwner)) {
            if (isStatic) {
                super.visitInsn(Opcodes.ACONST_NULL);
            } else {
                super.visitVarInsn(Opcodes.ALOAD, 0);
            }
            super.visitLdcInsn(hook.id);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HookCall.BRIDGE, "runTask", RUN_TASK_DESC, false);
            return;
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(maxStack + 2, maxLocals);
    }
}
