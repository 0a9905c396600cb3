package dev.gracefulagent.instrument;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Calls the bridge just before each return instruction. The inserted code has no branches and leaves the
 * stack as it found it, so every existing frame stays valid; a throw leaves the method without the call.
 */
final class ReturnHook extends MethodVisitor {
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
            HookCall.emitWithResult(mv, hook, isStatic, parameters);
            mv.visitInsn(Opcodes.POP);
        } else if (!hook.point.passesResult && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            HookCall.emit(mv, hook, isStatic, parameters);
            mv.visitInsn(Opcodes.POP);
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        // the return value may be on the stack below the call's operands
        super.visitMaxs(maxStack + HookCall.STACK, maxLocals);
    }
}
