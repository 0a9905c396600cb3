import dev.gracefulagent.testbed.support.RawHttp;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drain latency: time from the last in-flight response to the process's exit (one 1 s request in flight at
 * SIGTERM), and idle shutdown time (SIGTERM to exit, nothing in flight); medians of several runs, with the
 * agent. The idle time without the agent is printed for comparison.
 * Usage: java -cp testbed-support/target/classes bench/DrainLatency.java <testbed jar> <agent jar> [runs]
 */
public class DrainLatency {
    public static void main(String[] args) throws Exception {
        Path testbed = Path.of(args[0]).toAbsolutePath();
        System.setProperty("agent.jar", Path.of(args[1]).toAbsolutePath().toString());
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<Long> lastResponseToExit = new ArrayList<>();
        List<Long> idleWith = new ArrayList<>();
        List<Long> idleWithout = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            lastResponseToExit.add(afterLastResponse(testbed));
            idleWith.add(idle(ServiceProcess.builder(testbed)));
            idleWithout.add(idle(ServiceProcess.builder(testbed).withoutAgent()));
        }
        System.out.printf("| %s | %d | %d ms | %d ms | %d ms |%n", testbed.getFileName(), runs,
                median(lastResponseToExit), median(idleWith), median(idleWithout));
    }

    static long afterLastResponse(Path testbed) throws Exception {
        try (ServiceProcess service = ServiceProcess.builder(testbed).start()) {
            CompletableFuture<Long> answered = CompletableFuture.supplyAsync(() -> {
                RawHttp.get(service.port(), "/work?ms=1000");
                return System.nanoTime();
            });
            TimeUnit.MILLISECONDS.sleep(300);
            service.sigterm();
            long last = answered.get(30, TimeUnit.SECONDS);
            service.awaitExit(Duration.ofSeconds(30));
            return TimeUnit.NANOSECONDS.toMillis(service.exitNanos() - last);
        }
    }

    static long idle(ServiceProcess.Builder builder) throws Exception {
        try (ServiceProcess service = builder.start()) {
            long signalled = System.nanoTime();
            service.sigterm();
            service.awaitExit(Duration.ofSeconds(30));
            return TimeUnit.NANOSECONDS.toMillis(service.exitNanos() - signalled);
        }
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
