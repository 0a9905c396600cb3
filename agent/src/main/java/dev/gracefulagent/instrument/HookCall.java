package dev.gracefulagent.instrument;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/** Emits {@code Bridge.enter(id, this, a, b, c)}, leaving its boolean on the stack. Needs five stack slots. */
final class HookCall {
    static final String BRIDGE = "dev/gracefulagent/bootstrap/Bridge";
    static final int STACK = 5;
    private static final String ENTER_DESC =
            "(ILjava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Z";

    private HookCall() {
    }

    static void emit(MethodVisitor mv, RegisteredHook hook, boolean isStatic, Type[] parameters) {
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
    static void emitWithResult(MethodVisitor mv, RegisteredHook hook, boolean isStatic, Type[] parameters) {
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
}
