package dev.gracefulagent.it.vthreads;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The JDK 21 virtual-thread API, reached by reflection so that the testbed builds for Java 17 and runs there
 * (without its virtual kinds). It only makes factories and executors: the callers start the threads and submit
 * the tasks themselves, so that the agent sees them, not this class, as the code that started them.
 */
public final class VirtualThreads {
    private VirtualThreads() {
    }

    public static boolean available() {
        return Runtime.version().feature() >= 21;
    }

    /** {@code Thread.ofVirtual().name(name).factory()}. */
    public static ThreadFactory factory(String name) throws ReflectiveOperationException {
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        Object ofVirtual = Thread.class.getMethod("ofVirtual").invoke(null);
        Object named = builder.getMethod("name", String.class).invoke(ofVirtual, name);
        return (ThreadFactory) builder.getMethod("factory").invoke(named);
    }

    /** {@code Thread::startVirtualThread}. */
    public static Method startVirtualThread() throws NoSuchMethodException {
        return Thread.class.getMethod("startVirtualThread", Runnable.class);
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}. */
    public static ExecutorService perTaskExecutor() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    /** {@code Executors.newThreadPerTaskExecutor(factory)}. */
    public static ExecutorService perTaskExecutor(ThreadFactory factory) throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                .invoke(null, factory);
    }
}
