package dev.gracefulagent.instrument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a hook goes, in one method named by class, method name and descriptor:
 * <ul>
 * <li>{@link #atEntry}: the start of the method. The hook receives {@code this} (null for static methods) and
 * up to three reference arguments. When {@link #skippable} is set and the hook answers true, the method
 * returns at once: void, or the boolean {@code skipResult}.</li>
 * <li>{@link #atReturn}: every normal return of the method (not a throw), with the same arguments. In a
 * constructor {@code this} is initialized there, unlike at entry.</li>
 * <li>{@link #atReturnWithResult}: every normal return of a method returning an object; the hook receives
 * {@code this}, the returned object and up to two reference arguments.</li>
 * <li>{@link #aroundTask}: each call {@code task.run()} the method makes on a {@code Runnable} (or a class
 * implementing it) is routed through the bridge, which brackets the run with a {@code Bridge.TaskHook}.</li>
 * </ul>
 */
public final class HookPoint {
    enum Kind { ENTRY, RETURN, TASK_CALL }

    final Kind kind;
    final String internalClassName;
    final String method;
    final String descriptor;
    final int[] arguments;
    final boolean skippable;
    final boolean skipResult;
    /** For {@link Kind#RETURN}: the returned object is handed to the hook as its first argument. */
    final boolean passesResult;
    /** For {@link Kind#TASK_CALL}: the internal name of the class or interface whose {@code run()V} is called. */
    final String taskOwner;

    private HookPoint(Kind kind, String className, String method, String descriptor, int[] arguments,
                      boolean skippable, boolean skipResult, String taskOwner, boolean passesResult) {
        if (arguments.length > (passesResult ? 2 : 3)) {
            throw new IllegalArgumentException("a hook takes at most three arguments, the result included");
        }
        if (passesResult && !descriptor.endsWith(";")) {
            throw new IllegalArgumentException(method + descriptor + " does not return an object");
        }
        if (kind == Kind.ENTRY && method.equals("<init>")) {
            throw new IllegalArgumentException("this is not initialized at the entry of a constructor; use atReturn");
        }
        this.kind = kind;
        this.internalClassName = className.replace('.', '/');
        this.method = method;
        this.descriptor = descriptor;
        this.arguments = arguments.clone();
        this.skippable = skippable;
        this.skipResult = skipResult;
        this.taskOwner = taskOwner == null ? null : taskOwner.replace('.', '/');
        this.passesResult = passesResult;
    }

    /** A hook that observes the call; {@code arguments} are 0-based indexes of the method's parameters. */
    public static HookPoint atEntry(String className, String method, String descriptor, int... arguments) {
        return new HookPoint(Kind.ENTRY, className, method, descriptor, arguments, false, false, null, false);
    }

    /**
     * A hook that observes each normal return; the arguments are read from the parameters' slots at that
     * point, so the method must not store other types in them (javac never does for reference parameters).
     */
    public static HookPoint atReturn(String className, String method, String descriptor, int... arguments) {
        return new HookPoint(Kind.RETURN, className, method, descriptor, arguments, false, false, null, false);
    }

    /**
     * A hook that observes each normal return of a method returning an object, e.g. the connection an
     * {@code accept} hands out: the hook's first argument is the returned object, then up to two parameters.
     */
    public static HookPoint atReturnWithResult(String className, String method, String descriptor,
                                               int... arguments) {
        return new HookPoint(Kind.RETURN, className, method, descriptor, arguments, false, false, null, true);
    }

    /**
     * Routes every {@code taskOwner.run()V} call inside the method through the bridge's task hook, which
     * receives the method's {@code this} (null when static) and the task.
     */
    public static HookPoint aroundTask(String className, String method, String descriptor, String taskOwner) {
        return new HookPoint(Kind.TASK_CALL, className, method, descriptor, new int[0], false, false, taskOwner,
                false);
    }

    /** A hook that may answer the call itself; the method then returns {@code result} (ignored for void). */
    public HookPoint skippingWith(boolean result) {
        if (kind != Kind.ENTRY) {
            throw new IllegalStateException("only an entry hook can skip the method");
        }
        return new HookPoint(kind, internalClassName, method, descriptor, arguments, true, result, null, false);
    }

    /** The hooked class, e.g. "org/eclipse/jetty/server/Server". */
    public String internalClassName() {
        return internalClassName;
    }

    /** "handle(Request, Response, Callback)": the method as a person reads it. */
    String readableMethod() {
        List<String> parameters = new ArrayList<>();
        for (String type : MethodDescriptor.parameters(descriptor)) {
            parameters.add(MethodDescriptor.simpleName(type));
        }
        return method + "(" + String.join(", ", parameters) + ")";
    }

    boolean matches(String name, String desc) {
        return method.equals(name) && descriptor.equals(desc);
    }

    /** Everything that decides the woven code, for the cache's key. */
    String signature() {
        return kind + " " + this + " " + Arrays.toString(arguments) + " " + skippable + " " + skipResult + " "
                + passesResult;
    }

    @Override
    public String toString() {
        String where = internalClassName.replace('/', '.') + "." + method + descriptor;
        return kind == Kind.TASK_CALL ? where + " around " + taskOwner.replace('/', '.') + ".run()" : where;
    }
}
