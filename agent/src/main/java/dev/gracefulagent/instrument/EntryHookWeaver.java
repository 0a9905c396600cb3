package dev.gracefulagent.instrument;

import java.util.List;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Adds {@code Bridge.enter(id, this, args...)} at the start of hooked methods. Only the prologue changes, and
 * the single branch a skippable hook needs lands on the method's initial frame, so no frames are computed
 * and no classes are loaded while weaving.
 */
final class EntryHookWeaver extends ClassVisitor {
    private static final String BRIDGE = "dev/gracefulagent/bootstrap/Bridge";
    private static final String ENTER_DESC =
            "(ILjava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Z";

    private final List<RegisteredHook> hooks;
    private int classVersion;
    private int woven;

    EntryHookWeaver(ClassVisitor next, List<RegisteredHook> hooks) {
        super(Opcodes.ASM9, next);
        this.hooks = hooks;
    }

    int wovenCount() {
        return woven;
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
        for (RegisteredHook hook : hooks) {
            if (hook.point.matches(name, descriptor)) {
                woven++;
                return new Prologue(mv, access, descriptor, hook);
            }
        }
        return mv;
    }

    private final class Prologue extends MethodVisitor {
        private final boolean isStatic;
        private final Type[] parameters;
        private final Type returnType;
        private final RegisteredHook hook;
        private boolean frameOwed;

        Prologue(MethodVisitor next, int access, String descriptor, RegisteredHook hook) {
            super(Opcodes.ASM9, next);
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.parameters = Type.getArgumentTypes(descriptor);
            this.returnType = Type.getReturnType(descriptor);
            this.hook = hook;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitLdcInsn(hook.id);
            if (isStatic) {
                super.visitInsn(Opcodes.ACONST_NULL);
            } else {
                super.visitVarInsn(Opcodes.ALOAD, 0);
            }
            for (int i = 0; i < 3; i++) {
                loadArgument(i < hook.point.arguments.length ? hook.point.arguments[i] : -1);
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "enter", ENTER_DESC, false);
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
            frameOwed = classVersion >= Opcodes.V1_6;
        }

        private void loadArgument(int index) {
            if (index < 0 || index >= parameters.length || parameters[index].getSort() < Type.ARRAY) {
                super.visitInsn(Opcodes.ACONST_NULL);
                return;
            }
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < index; i++) {
                slot += parameters[i].getSize();
            }
            super.visitVarInsn(Opcodes.ALOAD, slot);
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
                                           net.bytebuddy.jar.asm.Handle bootstrapMethodHandle,
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
            // id, self and three arguments are on the stack at once
            super.visitMaxs(Math.max(maxStack, 5), maxLocals);
        }
    }
}
