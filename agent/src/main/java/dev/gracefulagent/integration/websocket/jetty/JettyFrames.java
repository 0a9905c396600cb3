package dev.gracefulagent.integration.websocket.jetty;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code Frame.isDataFrame()}, resolved once per frame class as a method handle: only text, binary and
 * continuation frames carry messages for the application; control frames are the container's business.
 */
final class JettyFrames {
    private static final ClassValue<MethodHandle> IS_DATA = new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> frameClass) {
            try {
                Class<?> frame = Class.forName("org.eclipse.jetty.websocket.core.Frame", false,
                        frameClass.getClassLoader());
                return MethodHandles.publicLookup().findVirtual(frame, "isDataFrame",
                        MethodType.methodType(boolean.class)).asType(MethodType.methodType(boolean.class,
                        Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("unsupported Jetty version: " + e, e);
            }
        }
    };

    private JettyFrames() {
    }

    static boolean isData(Object frame) {
        try {
            return (boolean) IS_DATA.get(frame.getClass()).invokeExact(frame);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
