package dev.gracefulagent.it.vthreads.lib;

import dev.gracefulagent.it.vthreads.Job;
import dev.gracefulagent.it.vthreads.VirtualThreads;
import java.util.concurrent.CompletableFuture;

/**
 * Stands for a client library that keeps background work of its own going (a heartbeat, a reconnect loop) on the
 * common pool and on a virtual thread; the tests name its package in {@code graceful.executor.exclude}, as an
 * operator would for a library the built-in rules do not know.
 */
public final class HeartbeatLibrary {
    private HeartbeatLibrary() {
    }

    public static void start(long ms) throws ReflectiveOperationException {
        CompletableFuture.runAsync(new Job("library-common-pool", ms, false));
        Job lambdaJob = new Job("library-common-pool-lambda", ms, false);
        CompletableFuture.supplyAsync(() -> {
            lambdaJob.run();
            return ms;
        });
        if (VirtualThreads.available()) {
            VirtualThreads.factory("library-heartbeat").newThread(new Job("library-thread", ms, false)).start();
        }
    }
}
