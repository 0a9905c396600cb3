package dev.gracefulagent.instrument;

/** Emits {@code Bridge.enter(id, this, a, b, c)}, leaving its boolean on the stack. Needs five stack slots. */
final class HookCall {
    static final String BRIDGE = "dev/gracefulagent/bootstrap/Bridge";
    static final int STACK = 5;
    private static final String ENTER_DESC =
            "(ILjava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Z";

    private HookCall() {
    }

    static void emit(Bytecode code, RegisteredHook hook, boolean isStatic, String[] parameters) {
        code.pushInt(hook.id);
        loadThis(code, isStatic);
        for (int i = 0; i < 3; i++) {
            loadArgument(code, i < hook.point.arguments.length ? hook.point.arguments[i] : -1, isStatic, parameters);
        }
        code.invokeStatic(BRIDGE, "enter", ENTER_DESC);
    }

    /**
     * The same call with the object about to be returned as the hook's first argument; the object stays on the
     * stack for the return. Only swaps and a dup, so no local variable is needed.
     */
    static void emitWithResult(Bytecode code, RegisteredHook hook, boolean isStatic, String[] parameters) {
        code.op(Bytecode.DUP);
        code.pushInt(hook.id);
        code.op(Bytecode.SWAP);
        loadThis(code, isStatic);
        code.op(Bytecode.SWAP);
        for (int i = 0; i < 2; i++) {
            loadArgument(code, i < hook.point.arguments.length ? hook.point.arguments[i] : -1, isStatic, parameters);
        }
        code.invokeStatic(BRIDGE, "enter", ENTER_DESC);
    }

    /** {@code this}, or null in a static method. */
    static void loadThis(Bytecode code, boolean isStatic) {
        if (isStatic) {
            code.op(Bytecode.ACONST_NULL);
        } else {
            code.load("L", 0);
        }
    }

    private static void loadArgument(Bytecode code, int index, boolean isStatic, String[] parameters) {
        if (index < 0 || index >= parameters.length || !MethodDescriptor.isReference(parameters[index])) {
            code.op(Bytecode.ACONST_NULL);
            return;
        }
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < index; i++) {
            slot += MethodDescriptor.size(parameters[i]);
        }
        code.load(parameters[index], slot);
    }
}
