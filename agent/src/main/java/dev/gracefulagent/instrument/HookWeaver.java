package dev.gracefulagent.instrument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Weaves the hooks of one class: a call to the bridge at the start of a method, before its returns, or in
 * place of its {@code task.run()} calls. Only the hooked methods' code is rewritten; the rest of the class file
 * is copied. None of the hooks adds a branch target except the skip of an entry hook, which lands where the
 * method's code begins, with the method's initial frame, so no frames are computed and no classes are loaded.
 */
final class HookWeaver {
    private static final String RUN_TASK_DESC = "(Ljava/lang/Runnable;Ljava/lang/Object;I)V";

    private HookWeaver() {
    }

    static Woven weave(byte[] original, List<RegisteredHook> hooks) {
        ClassFile file = new ClassFile(original);
        Set<RegisteredHook> found = new HashSet<>();
        for (int method = 0; method < file.methodCount(); method++) {
            if (!file.hasCode(method)) {
                continue;
            }
            List<RegisteredHook> here = new ArrayList<>();
            for (RegisteredHook hook : hooks) {
                if (file.methodIs(method, hook.point.method, hook.point.descriptor)) {
                    here.add(hook);
                }
            }
            if (!here.isEmpty()) {
                found.addAll(here);
                file.replaceCode(method, weave(file, method, here));
            }
        }
        return new Woven(found.isEmpty() ? original : file.toBytes(), found);
    }

    private static byte[] weave(ClassFile file, int method, List<RegisteredHook> hooks) {
        boolean isStatic = (file.access(method) & ClassFile.ACC_STATIC) != 0;
        String descriptor = hooks.get(0).point.descriptor;
        String[] parameters = MethodDescriptor.parameters(descriptor);
        CodeRewriter code = new CodeRewriter(file, method);
        Bytecode prologue = new Bytecode(file);
        for (RegisteredHook hook : hooks) {
            if (hook.point.kind == HookPoint.Kind.ENTRY) {
                enter(prologue, hook, isStatic, parameters, MethodDescriptor.returnType(descriptor));
            }
        }
        if (prologue.length() > 0) {
            code.prologue(prologue);
            code.stackAtLeast(HookCall.STACK);
        }
        for (int offset : code.instructions()) {
            int opcode = code.opcode(offset);
            if (opcode >= Bytecode.IRETURN && opcode <= Bytecode.RETURN) {
                Bytecode before = returning(file, opcode, hooks, isStatic, parameters);
                if (before.length() > 0) {
                    code.insertBefore(offset, before);
                    code.stackGrowth(HookCall.STACK);
                }
            } else if (opcode == Bytecode.INVOKEINTERFACE || opcode == Bytecode.INVOKEVIRTUAL) {
                RegisteredHook task = taskHookCalling(file, code.operand(offset), hooks);
                if (task != null) {
                    code.replace(offset, runTask(file, task, isStatic));
                    code.stackGrowth(2);
                }
            }
        }
        return code.rewritten();
    }

    /** The entry hook's call; a skippable one returns at once when the hook answers true. */
    private static void enter(Bytecode prologue, RegisteredHook hook, boolean isStatic, String[] parameters,
                              String returnType) {
        HookCall.emit(prologue, hook, isStatic, parameters);
        if (!hook.point.skippable) {
            prologue.op(Bytecode.POP);
            return;
        }
        int proceed = prologue.ifZero();
        if (returnType.equals("V")) {
            prologue.op(Bytecode.RETURN);
        } else {
            prologue.op(hook.point.skipResult ? Bytecode.ICONST_1 : Bytecode.ICONST_0);
            prologue.op(Bytecode.IRETURN);
        }
        prologue.landHere(proceed);
    }

    /**
     * The return hooks' calls before one return instruction, the last registered first. They have no branches
     * and leave the stack as they found it, so every existing frame stays valid; a throw leaves without them.
     */
    private static Bytecode returning(ClassFile file, int opcode, List<RegisteredHook> hooks, boolean isStatic,
                                      String[] parameters) {
        Bytecode before = new Bytecode(file);
        for (int i = hooks.size() - 1; i >= 0; i--) {
            RegisteredHook hook = hooks.get(i);
            if (hook.point.kind != HookPoint.Kind.RETURN) {
                continue;
            }
            if (hook.point.passesResult && opcode == Bytecode.ARETURN) {
                HookCall.emitWithResult(before, hook, isStatic, parameters);
                before.op(Bytecode.POP);
            } else if (!hook.point.passesResult) {
                HookCall.emit(before, hook, isStatic, parameters);
                before.op(Bytecode.POP);
            }
        }
        return before;
    }

    /** The last registered task hook whose owner's {@code run()V} the invoke at this constant calls, or null. */
    private static RegisteredHook taskHookCalling(ClassFile file, int member, List<RegisteredHook> hooks) {
        for (int i = hooks.size() - 1; i >= 0; i--) {
            RegisteredHook hook = hooks.get(i);
            if (hook.point.kind == HookPoint.Kind.TASK_CALL
                    && file.memberIs(member, hook.point.taskOwner, "run", "()V")) {
                return hook;
            }
        }
        return null;
    }

    /**
     * {@code Bridge.runTask(task, this, id)} in place of {@code task.run()}: one call for another with the task
     * already on the stack, so whatever the task throws still reaches the method as before.
     */
    private static Bytecode runTask(ClassFile file, RegisteredHook hook, boolean isStatic) {
        Bytecode call = new Bytecode(file);
        HookCall.loadThis(call, isStatic);
        call.pushInt(hook.id);
        call.invokeStatic(HookCall.BRIDGE, "runTask", RUN_TASK_DESC);
        return call;
    }
}
