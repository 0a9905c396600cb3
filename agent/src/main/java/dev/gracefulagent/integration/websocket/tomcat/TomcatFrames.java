package dev.gracefulagent.integration.websocket.tomcat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * The session a frame reader belongs to ({@code WsFrameBase.wsSession}, a protected field Tomcat offers no
 * getter for), read through a method handle resolved once per frame reader class.
 */
final class TomcatFrames {
    private static final ClassValue<MethodHandle> SESSION_GETTER = new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> frameClass) {
            for (Class<?> c = frameClass; c != null; c = c.getSuperclass()) {
                try {
                    Field field = c.getDeclaredField("wsSession");
                    field.setAccessible(true);
                    return MethodHandles.lookup().unreflectGetter(field)
                            .asType(MethodType.methodType(Object.class, Object.class));
                } catch (NoSuchFieldException e) {
                    // declared further up
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("unsupported Tomcat version: no wsSession in " + frameClass);
        }
    };

    private TomcatFrames() {
    }

    static Object session(Object frameReader) {
        try {
            return (Object) SESSION_GETTER.get(frameReader.getClass()).invokeExact(frameReader);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
