package dev.gracefulagent.instrument;

/**
 * Where a hook goes: the start of one method, named by class, method name and descriptor. The hook receives
 * {@code this} (null for static methods) and up to three reference arguments. When {@link #skippable} is set
 * and the hook answers true, the method returns at once: void, or the boolean {@code skipResult}.
 */
public final class HookPoint {
    final String internalClassName;
    final String method;
    final String descriptor;
    final int[] arguments;
    final boolean skippable;
    final boolean skipResult;

    private HookPoint(String className, String method, String descriptor, int[] arguments, boolean skippable,
                      boolean skipResult) {
        if (arguments.length > 3) {
            throw new IllegalArgumentException("a hook takes at most three arguments");
        }
        this.internalClassName = className.replace('.', '/');
        this.method = method;
        this.descriptor = descriptor;
        this.arguments = arguments.clone();
        this.skippable = skippable;
        this.skipResult = skipResult;
    }

    /** A hook that observes the call; {@code arguments} are 0-based indexes of the method's parameters. */
    public static HookPoint atEntry(String className, String method, String descriptor, int... arguments) {
        return new HookPoint(className, method, descriptor, arguments, false, false);
    }

    /** A hook that may answer the call itself; the method then returns {@code result} (ignored for void). */
    public HookPoint skippingWith(boolean result) {
        return new HookPoint(internalClassName, method, descriptor, arguments, true, result);
    }

    boolean matches(String name, String desc) {
        return method.equals(name) && descriptor.equals(desc);
    }

    @Override
    public String toString() {
        return internalClassName.replace('/', '.') + "." + method + descriptor;
    }
}
