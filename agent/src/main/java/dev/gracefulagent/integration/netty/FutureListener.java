package dev.gracefulagent.integration.netty;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The body of a Netty {@code GenericFutureListener} the agent cannot implement directly (it does not link against
 * Netty): {@link NettyApi#whenComplete} wraps it in a proxy of that interface.
 */
abstract class FutureListener implements InvocationHandler {
    /** Runs on the channel's event loop once the future completed, successfully or not. */
    abstract void completed();

    @Override
    public final Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "operationComplete":
                completed();
                return null;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return getClass().getSimpleName();
        }
    }
}
