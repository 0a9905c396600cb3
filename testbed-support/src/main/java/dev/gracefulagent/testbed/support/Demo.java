package dev.gracefulagent.testbed.support;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The README's demo: testbed-jetty without and then with the agent, the same 20 slow requests in flight,
 * SIGTERM after 300 ms, and what each client saw.
 * Usage: {@code Demo <agent jar> <testbed jar>}.
 */
public final class Demo {
    private static final int REQUESTS = 20;
    private static final int WORK_MS = 1500;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Path agent = Paths.get(args.length > 0 ? args[0] : "agent/target/graceful-agent.jar").toAbsolutePath();
        Path testbed = Paths.get(args.length > 1 ? args[1] : "testbed-jetty/target/testbed-jetty.jar");
        System.setProperty("agent.jar", agent.toString());
        String without = run(ServiceProcess.builder(testbed.toAbsolutePath()).withoutAgent(), "without the agent");
        String with = run(ServiceProcess.builder(testbed.toAbsolutePath()), "with -javaagent:graceful-agent.jar");
        System.out.println();
        System.out.println("=== side by side: " + REQUESTS + " requests of " + WORK_MS + " ms, SIGTERM after 300 ms ===");
        System.out.println(without);
        System.out.println(with);
    }

    private static String run(ServiceProcess.Builder builder, String label) throws Exception {
        System.out.println("--- " + label + " ---");
        ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
        try (ServiceProcess service = builder.start()) {
            List<CompletableFuture<RawHttp.Response>> pending = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String path = (i % 2 == 0 ? "/work" : "/async") + "?ms=" + WORK_MS;
                pending.add(CompletableFuture.supplyAsync(() -> RawHttp.get(service.port(), path), clients));
            }
            TimeUnit.MILLISECONDS.sleep(300);
            long signalled = System.nanoTime();
            service.sigterm();
            int completed = 0;
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<RawHttp.Response> response : pending) {
                RawHttp.Response r = response.get(60, TimeUnit.SECONDS);
                if (r.ok("done")) {
                    completed++;
                } else {
                    failures.add(r.toString());
                }
            }
            int exit = service.awaitExit(Duration.ofSeconds(60));
            long millis = TimeUnit.NANOSECONDS.toMillis(service.exitNanos() - signalled);
            service.stderr().lines().stream().filter(l -> l.startsWith("[graceful]")).forEach(System.out::println);
            failures.stream().distinct().limit(3).forEach(f -> System.out.println("client saw: " + f));
            return String.format("%-36s %2d/%d completed, exit code %3d, JVM gone %4d ms after SIGTERM", label,
                    completed, REQUESTS, exit, millis);
        } finally {
            clients.shutdownNow();
        }
    }
}
