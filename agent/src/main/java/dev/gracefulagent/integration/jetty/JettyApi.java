package dev.gracefulagent.integration.jetty;

import dev.gracefulagent.integration.Reflection;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Consumer;

/**
 * The two per-request Jetty calls, resolved once per Jetty class loader as method handles: registering a
 * completion listener and answering 503.
 */
final class JettyApi {
    private static final ClassValue<JettyApi> BY_SERVER_CLASS = new ClassValue<JettyApi>() {
        @Override
        protected JettyApi computeValue(Class<?> serverClass) {
            return new JettyApi(serverClass.getClassLoader());
        }
    };

    private final MethodHandle addCompletionListener;
    private final MethodHandle writeError;

    private JettyApi(ClassLoader loader) {
        try {
            Class<?> request = Class.forName("org.eclipse.jetty.server.Request", false, loader);
            Class<?> response = Class.forName("org.eclipse.jetty.server.Response", false, loader);
            Class<?> callback = Class.forName("org.eclipse.jetty.util.Callback", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            addCompletionListener = lookup.findStatic(request, "addCompletionListener",
                    MethodType.methodType(void.class, request, Consumer.class))
                    .asType(MethodType.methodType(void.class, Object.class, Consumer.class));
            writeError = lookup.findStatic(response, "writeError",
                    MethodType.methodType(void.class, request, response, callback, int.class))
                    .asType(MethodType.methodType(void.class, Object.class, Object.class, Object.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unsupported Jetty version: " + e, e);
        }
    }

    static JettyApi of(Class<?> serverClass) {
        return BY_SERVER_CLASS.get(serverClass);
    }

    void onComplete(Object request, Consumer<Object> listener) {
        try {
            addCompletionListener.invokeExact(request, (Consumer<?>) listener);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Whether the request came on an HTTP/2 stream; called only after intake stopped. */
    boolean isHttp2(Object request) {
        try {
            Object metaData = Reflection.call(request, "getConnectionMetaData");
            return String.valueOf(Reflection.call(metaData, "getProtocol")).startsWith("HTTP/2");
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** 503; the connector is shut down by then, so Jetty adds {@code Connection: close} and closes after it. */
    void rejectUnavailable(Object request, Object response, Object callback) {
        try {
            writeError.invokeExact(request, response, callback, 503);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
