package dev.gracefulagent.it.vthreads;

import dev.gracefulagent.it.vthreads.lib.HeartbeatLibrary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

/**
 * A plain service that starts background work in every way the JDK offers besides its classic executors, and has
 * no shutdown code. Env {@code KINDS} (comma-separated, default all), {@code JOB_MS} (default 1000),
 * {@code LIBRARY_MS} (0: no library work). Kinds on virtual threads, JDK 21+: {@code vexecutor}
 * ({@code newVirtualThreadPerTaskExecutor}), {@code ofvirtual} ({@code Thread.ofVirtual()} factory),
 * {@code startvirtual} ({@code Thread.startVirtualThread}), {@code pertask} ({@code newThreadPerTaskExecutor} with a
 * virtual factory). On fork/join pools: {@code fjpool} (a pool of its own), {@code runasync}, {@code supplyasync}
 * ({@code CompletableFuture} without an executor), {@code commonsubmit} ({@code commonPool().submit}),
 * {@code parallel} (a {@code runAsync} job whose work is a parallel stream). {@code feeder} (JDK 21+, not in the
 * default) starts a virtual-thread job every 250 ms from a thread of its own, forever. It prints
 * {@code testbed-vthreads started <kinds>} once everything is submitted, then waits forever.
 */
public final class BackgroundApp {
    static final List<String> VIRTUAL = Arrays.asList("vexecutor", "ofvirtual", "startvirtual", "pertask", "vpool");
    static final List<String> FORK_JOIN = Arrays.asList("fjpool", "runasync", "supplyasync", "commonsubmit",
            "parallel");

    private BackgroundApp() {
    }

    public static void main(String[] args) throws Exception {
        long ms = Long.parseLong(env("JOB_MS", "1000"));
        List<String> kinds = new ArrayList<>(Arrays.asList(env("KINDS", String.join(",", all())).split(",")));
        if (!VirtualThreads.available() && (kinds.removeAll(VIRTUAL) | kinds.remove("feeder"))) {
            System.out.println("virtual threads need Java 21+: only " + kinds);
        }
        for (String kind : kinds) {
            start(kind, ms);
        }
        long libraryMs = Long.parseLong(env("LIBRARY_MS", "0"));
        if (libraryMs > 0) {
            HeartbeatLibrary.start(libraryMs);
        }
        System.out.println("testbed-vthreads started " + String.join(",", kinds));
        new CountDownLatch(1).await();
    }

    private static List<String> all() {
        List<String> all = new ArrayList<>(VIRTUAL);
        all.addAll(FORK_JOIN);
        return all;
    }

    private static void start(String kind, long ms) throws ReflectiveOperationException {
        Job job = new Job(kind, ms, kind.equals("parallel"));
        switch (kind) {
            case "vexecutor" -> VirtualThreads.perTaskExecutor().submit(job);
            case "ofvirtual" -> VirtualThreads.factory("job-ofvirtual").newThread(job).start();
            case "startvirtual" -> VirtualThreads.startVirtualThread().invoke(null, job);
            case "pertask" -> VirtualThreads.perTaskExecutor(VirtualThreads.factory("job-pertask")).execute(job);
            // a pool whose worker is a virtual thread: the job is work, the worker idling after it is not
            case "vpool" -> Executors.newFixedThreadPool(1, VirtualThreads.factory("job-vpool")).execute(job);
            case "fjpool" -> new ForkJoinPool(2).execute(job);
            case "runasync", "parallel" -> CompletableFuture.runAsync(job);
            case "supplyasync" -> CompletableFuture.supplyAsync(() -> {
                job.run();
                return kind;
            });
            case "commonsubmit" -> ForkJoinPool.commonPool().submit(job);
            case "feeder" -> {
                Thread feeder = new Thread(() -> feed(ms), "feeder");
                feeder.setDaemon(true);
                feeder.start();
            }
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    /**
     * An intake the agent does not know: a platform thread of the application's own that starts a job on a new
     * virtual thread every 250 ms, forever.
     */
    private static void feed(long ms) {
        try {
            for (int i = 1; ; i++) {
                VirtualThreads.factory("feed-" + i).newThread(new Job("feed-" + i, ms, false)).start();
                Thread.sleep(250);
            }
        } catch (ReflectiveOperationException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
