package dev.gracefulagent.core;

import dev.gracefulagent.log.Log;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Traps the configured signals so that they start the shutdown sequence instead of the JVM's immediate exit.
 * {@code sun.misc.Signal} is reached reflectively because the agent compiles for Java 8, where javac's
 * {@code --release} hides it; it exists at run time on every JDK from 8 to 25.
 */
public final class SignalTrap {
    private static final Logger LOG = Log.get(SignalTrap.class);

    private SignalTrap() {
    }

    /** Traps each signal; returns the ones that could not be trapped (e.g. under -Xrs). */
    public static List<String> install(List<String> signalNames, final ShutdownSequence sequence) {
        List<String> untrapped = new ArrayList<>();
        if (signalNames.isEmpty()) {
            return untrapped;
        }
        Class<?> signalClass;
        Class<?> handlerClass;
        Method handle;
        try {
            signalClass = Class.forName("sun.misc.Signal");
            handlerClass = Class.forName("sun.misc.SignalHandler");
            handle = signalClass.getMethod("handle", signalClass, handlerClass);
        } catch (ReflectiveOperationException e) {
            LOG.warn("this JVM offers no signal API ({}); signals end it without a drain", e.toString());
            return new ArrayList<>(signalNames);
        }
        for (final String name : signalNames) {
            Object handler = Proxy.newProxyInstance(SignalTrap.class.getClassLoader(), new Class<?>[] {handlerClass},
                    new SignalHandler(name, sequence));
            try {
                handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
                LOG.debug("trapped SIG{}", name);
            } catch (InvocationTargetException e) {
                // "Signal already used by VM or OS": -Xrs, or a signal the JVM reserves
                LOG.warn("cannot trap SIG{}: {}", name, e.getCause().getMessage());
                untrapped.add(name);
            } catch (ReflectiveOperationException e) {
                LOG.warn("cannot trap SIG{}: {}", name, e.toString());
                untrapped.add(name);
            }
        }
        return untrapped;
    }

    /** The proxied {@code sun.misc.SignalHandler}: each delivery asks the sequence to start. */
    private static final class SignalHandler implements InvocationHandler {
        private final String name;
        private final ShutdownSequence sequence;

        SignalHandler(String name, ShutdownSequence sequence) {
            this.name = name;
            this.sequence = sequence;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "handle":
                    sequence.startAndExit("SIG" + name);
                    return null;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    return "graceful SIG" + name + " handler";
            }
        }
    }
}
