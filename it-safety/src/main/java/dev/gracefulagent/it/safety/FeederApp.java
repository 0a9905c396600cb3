package dev.gracefulagent.it.safety;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An intake the agent does not know: a thread fed from outside (here it makes up its items) hands each item to
 * the application's pool. The application's own shutdown hook stops the feed and waits for the pool.
 */
final class FeederApp {
    private static volatile boolean feeding = true;

    private FeederApp() {
    }

    static void main(String[] args) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        // the pool's threads keep the service alive from the start, before the feeder's first item
        pool.prestartAllCoreThreads();
        AtomicInteger done = new AtomicInteger();
        Thread feeder = new Thread(() -> {
            for (int item = 1; feeding; item++) {
                int id = item;
                pool.execute(() -> {
                    SafetyApps.sleep(300);
                    done.incrementAndGet();
                    System.out.println("[app] item " + id + " done");
                });
                SafetyApps.sleep(200);
            }
        }, "feeder");
        feeder.setDaemon(true);
        feeder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            feeding = false;
            pool.shutdown();
            try {
                boolean drained = pool.awaitTermination(30, TimeUnit.SECONDS);
                System.out.println("[app] hook: feed stopped, pool drained " + drained + ", " + done + " items done");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "app-shutdown-hook"));
        System.out.println("feeder ready on port " + SafetyApps.port());
    }
}
