package dev.gracefulagent.integration.websocket.jetty;

import dev.gracefulagent.integration.Reflection;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * A chain of public no-argument methods of a Jetty type, called on the hot path of WebSocket frames (a frame's
 * {@code isDataFrame()}, or {@code getType().isData()}; an event driver's {@code getSession()}): resolved once per
 * receiver class, in that class's loader, as one method handle.
 */
public final class MethodChain {
    /** websocket-core (Jetty 10 to 12): only text, binary and continuation frames carry messages. */
    static final MethodChain IS_DATA_FRAME = new MethodChain("org.eclipse.jetty.websocket.core.Frame",
            "isDataFrame");

    private final String type;
    private final String[] chain;
    private final ClassValue<MethodHandle> handles = new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> receiverClass) {
            try {
                return resolve(Class.forName(type, false, receiverClass.getClassLoader()));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("unsupported Jetty version: " + e, e);
            }
        }
    };

    /** @param chain the methods called one after the other on what the one before answered, from {@code type} */
    public MethodChain(String type, String... chain) {
        this.type = type;
        this.chain = chain.clone();
    }

    /** What the last method answers; a primitive boolean comes boxed (a cached instance). */
    public Object call(Object receiver) {
        try {
            return (Object) handles.get(receiver.getClass()).invokeExact(receiver);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    private MethodHandle resolve(Class<?> start) throws ReflectiveOperationException {
        MethodHandle handle = null;
        Class<?> at = start;
        for (String name : chain) {
            Method method = at.getMethod(name);
            MethodHandle step = MethodHandles.publicLookup().unreflect(method);
            handle = handle == null ? step : MethodHandles.filterReturnValue(handle, step);
            at = method.getReturnType();
        }
        return handle.asType(MethodType.methodType(Object.class, Object.class));
    }
}
