package dev.gracefulagent.integration.tomcat;

import dev.gracefulagent.integration.Reflection;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The per-request Tomcat calls, resolved once per Tomcat class loader as method handles. They use the coyote
 * layer ({@code org.apache.coyote}), which is the same in Tomcat 9, 10.1 and 11: only the servlet API moved from
 * {@code javax} to {@code jakarta}.
 */
final class TomcatApi {
    /**
     * The coyote request slot that carries the tracking unit from the request's start to its recycling. A coyote
     * request has 32 note slots, invisible to web applications; Tomcat itself uses 1 (the adapter) and 2 (HTTP/2).
     */
    private static final int NOTE = 31;

    private static final ClassValue<TomcatApi> BY_CLASS = new ClassValue<TomcatApi>() {
        @Override
        protected TomcatApi computeValue(Class<?> tomcatClass) {
            return new TomcatApi(tomcatClass.getClassLoader());
        }
    };

    private final MethodHandle getNote;
    private final MethodHandle setNote;
    private final MethodHandle getResponse;
    private final MethodHandle processorRequest;
    private final MethodHandle setStatus;
    private final MethodHandle setContentLength;
    private final MethodHandle setHeader;

    private TomcatApi(ClassLoader loader) {
        try {
            Class<?> request = Class.forName("org.apache.coyote.Request", false, loader);
            Class<?> response = Class.forName("org.apache.coyote.Response", false, loader);
            Class<?> processor = Class.forName("org.apache.coyote.AbstractProcessor", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            getNote = lookup.findVirtual(request, "getNote", MethodType.methodType(Object.class, int.class))
                    .asType(MethodType.methodType(Object.class, Object.class, int.class));
            setNote = lookup.findVirtual(request, "setNote", MethodType.methodType(void.class, int.class, Object.class))
                    .asType(MethodType.methodType(void.class, Object.class, int.class, Object.class));
            getResponse = lookup.findVirtual(request, "getResponse", MethodType.methodType(response))
                    .asType(MethodType.methodType(Object.class, Object.class));
            processorRequest = lookup.findVirtual(processor, "getRequest", MethodType.methodType(request))
                    .asType(MethodType.methodType(Object.class, Object.class));
            setStatus = lookup.findVirtual(response, "setStatus", MethodType.methodType(void.class, int.class))
                    .asType(MethodType.methodType(void.class, Object.class, int.class));
            setContentLength = lookup.findVirtual(response, "setContentLength",
                    MethodType.methodType(void.class, long.class))
                    .asType(MethodType.methodType(void.class, Object.class, long.class));
            setHeader = lookup.findVirtual(response, "setHeader",
                    MethodType.methodType(void.class, String.class, String.class))
                    .asType(MethodType.methodType(void.class, Object.class, String.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unsupported Tomcat version: " + e, e);
        }
    }

    /** The handles for the Tomcat that defined {@code tomcatClass}. */
    static TomcatApi of(Class<?> tomcatClass) {
        return BY_CLASS.get(tomcatClass);
    }

    /** What the request carries in the agent's note slot, or null. */
    Object note(Object coyoteRequest) {
        try {
            return getNote.invokeExact(coyoteRequest, NOTE);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    void setNote(Object coyoteRequest, Object value) {
        try {
            setNote.invokeExact(coyoteRequest, NOTE, value);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** Whether the coyote request came on an HTTP/2 stream ({@code protocol()} says "HTTP/2.0"); after stop only. */
    boolean isHttp2(Object coyoteRequest) {
        try {
            return String.valueOf(Reflection.call(coyoteRequest, "protocol")).startsWith("HTTP/2");
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * 503 with an empty body, answered without the servlet container. Tomcat's HTTP/1.1 processor closes the
     * connection after a 503 and says {@code Connection: close}; HTTP/2 ends just the stream.
     */
    void rejectUnavailable(Object coyoteResponse) {
        try {
            setStatus.invokeExact(coyoteResponse, 503);
            setContentLength.invokeExact(coyoteResponse, 0L);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** Marks the response of an HTTP/1.1 processor {@code Connection: close}; Tomcat then ends keep-alive. */
    void closeAfterResponse(Object http11Processor) {
        try {
            Object request = processorRequest.invokeExact(http11Processor);
            Object response = getResponse.invokeExact(request);
            setHeader.invokeExact(response, "Connection", "close");
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }
}
