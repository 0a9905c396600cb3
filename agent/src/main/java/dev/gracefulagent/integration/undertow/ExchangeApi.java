package dev.gracefulagent.integration.undertow;

import dev.gracefulagent.integration.Reflection;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The per-request {@code HttpServerExchange} calls, resolved once per Undertow class loader as method handles:
 * the attachment that carries the agent's unit of work, the persistence flag and the 503 answer.
 */
final class ExchangeApi {
    private static final ClassValue<ExchangeApi> BY_EXCHANGE_CLASS = new ClassValue<ExchangeApi>() {
        @Override
        protected ExchangeApi computeValue(Class<?> exchangeClass) {
            return new ExchangeApi(exchangeClass);
        }
    };

    /** The agent's own {@code AttachmentKey}: its value is the exchange's unit of work. */
    private final Object unitKey;
    private final MethodHandle getAttachment;
    private final MethodHandle putAttachment;
    private final MethodHandle setPersistent;
    private final MethodHandle setStatusCode;
    private final MethodHandle endExchange;

    private ExchangeApi(Class<?> exchange) {
        try {
            Class<?> key = Class.forName("io.undertow.util.AttachmentKey", false, exchange.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            unitKey = lookup.findStatic(key, "create", MethodType.methodType(key, Class.class))
                    .invoke(Object.class);
            getAttachment = lookup.findVirtual(exchange, "getAttachment", MethodType.methodType(Object.class, key))
                    .asType(MethodType.methodType(Object.class, Object.class, Object.class));
            putAttachment = lookup.findVirtual(exchange, "putAttachment",
                    MethodType.methodType(Object.class, key, Object.class))
                    .asType(MethodType.methodType(void.class, Object.class, Object.class, Object.class));
            setPersistent = lookup.findVirtual(exchange, "setPersistent",
                    MethodType.methodType(exchange, boolean.class))
                    .asType(MethodType.methodType(void.class, Object.class, boolean.class));
            setStatusCode = lookup.findVirtual(exchange, "setStatusCode", MethodType.methodType(exchange, int.class))
                    .asType(MethodType.methodType(void.class, Object.class, int.class));
            endExchange = lookup.findVirtual(exchange, "endExchange", MethodType.methodType(exchange))
                    .asType(MethodType.methodType(void.class, Object.class));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("unsupported Undertow version: " + t, t);
        }
    }

    static ExchangeApi of(Class<?> exchangeClass) {
        return BY_EXCHANGE_CLASS.get(exchangeClass);
    }

    /** The unit attached by {@link #attachUnit}, or null for an exchange the agent has not counted. */
    Object unit(Object exchange) {
        try {
            return getAttachment.invokeExact(exchange, unitKey);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    void attachUnit(Object exchange, Object unit) {
        try {
            putAttachment.invokeExact(exchange, unitKey, unit);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** The response says {@code Connection: close} (when not yet committed) and the connection closes after it. */
    void closeAfterResponse(Object exchange) {
        try {
            setPersistent.invokeExact(exchange, false);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** 503 with {@code Connection: close}, the connection closing after it. */
    void rejectUnavailable(Object exchange) {
        try {
            setStatusCode.invokeExact(exchange, 503);
            setPersistent.invokeExact(exchange, false);
            endExchange.invokeExact(exchange);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

}
