package dev.gracefulagent.integration.jetty.v9;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Answering a request 503 on Jetty 9.4 to 11, resolved once per Jetty class loader as method handles. The answer
 * is written directly, not through {@code sendError}: that would dispatch to the application's error page, which
 * would then run uncounted after intake stopped. Called only after intake stopped, so {@code invoke} adapting
 * the types on each call costs nothing that matters.
 */
final class Jetty9Api {
    private static final ClassValue<Jetty9Api> BY_CHANNEL_CLASS = new ClassValue<Jetty9Api>() {
        @Override
        protected Jetty9Api computeValue(Class<?> channelClass) {
            return new Jetty9Api(channelClass.getClassLoader());
        }
    };

    private final MethodHandle getRequest;
    private final MethodHandle getResponse;
    private final MethodHandle setHandled;
    private final MethodHandle setStatus;
    private final MethodHandle setHeader;
    private final MethodHandle setContentLength;
    private final MethodHandle closeOutput;

    private Jetty9Api(ClassLoader loader) {
        try {
            Class<?> channel = Class.forName("org.eclipse.jetty.server.HttpChannel", false, loader);
            Class<?> request = Class.forName("org.eclipse.jetty.server.Request", false, loader);
            Class<?> response = Class.forName("org.eclipse.jetty.server.Response", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            getRequest = lookup.findVirtual(channel, "getRequest", MethodType.methodType(request));
            getResponse = lookup.findVirtual(channel, "getResponse", MethodType.methodType(response));
            setHandled = lookup.findVirtual(request, "setHandled",
                    MethodType.methodType(void.class, boolean.class));
            setStatus = lookup.findVirtual(response, "setStatus", MethodType.methodType(void.class, int.class));
            setHeader = lookup.findVirtual(response, "setHeader",
                    MethodType.methodType(void.class, String.class, String.class));
            setContentLength = lookup.findVirtual(response, "setContentLength",
                    MethodType.methodType(void.class, int.class));
            closeOutput = lookup.findVirtual(response, "closeOutput", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unsupported Jetty version: " + e, e);
        }
    }

    static Jetty9Api of(Class<?> channelClass) {
        return BY_CHANNEL_CLASS.get(channelClass);
    }

    /** 503, {@code Connection: close}, no body; Jetty closes the connection after it. */
    void rejectUnavailable(Object channel) {
        try {
            Object request = getRequest.invoke(channel);
            Object response = getResponse.invoke(channel);
            setHandled.invoke(request, true);
            setStatus.invoke(response, 503);
            setHeader.invoke(response, "Connection", "close");
            setContentLength.invoke(response, 0);
            closeOutput.invoke(response);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
