package dev.gracefulagent.testbed.support;


import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;

/**
 * What end-to-end scenarios share: a testbed jar launched in its own JVM with the built agent, clients that put
 * requests in flight over raw sockets, and clean-up of every process a test started.
 */
public abstract class ScenarioBase {
    /** How long the in-flight requests of the main scenario take. */
    protected static final int WORK_MS = 1500;
    protected static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    protected final List<ServiceProcess> started = new ArrayList<>();
    protected final ExecutorService clients = Executors.newCachedThreadPool();

    /** The testbed jar under test. */
    protected abstract Path testbedJar();

    /** Endpoints that block for {@code ms} and answer "done"; each gets 20 requests in the main scenario. */
    protected List<String> workPaths() {
        return List.of("/work", "/async");
    }

    /** Extra JVM options for every run (e.g. a Java version switch). */
    protected ServiceProcess.Builder configure(ServiceProcess.Builder builder) {
        return builder;
    }

    protected final ServiceProcess.Builder testbed() {
        return configure(ServiceProcess.builder(testbedJar()));
    }

    protected final ServiceProcess start(ServiceProcess.Builder builder) throws Exception {
        ServiceProcess service = builder.start();
        started.add(service);
        if (warmUpConnections() > 0) {
            inFlight(service, warmUpConnections(), 0).get(60, TimeUnit.SECONDS);
        }
        return service;
    }

    /**
     * Connections per work path that warm up a fresh service before a scenario uses it; none by default. A
     * framework that sets up its request path lazily, per event loop (Vert.x, Spring WebFlux), takes longer for its
     * first requests than the 300 ms the scenarios give the server to take the requests they put in flight.
     */
    protected int warmUpConnections() {
        return 0;
    }

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        clients.shutdownNow();
        for (ServiceProcess service : started) {
            service.close();
        }
    }

    /**
     * Puts {@code perPath} requests of {@code ms} on each work path in flight, each on its own connection, and
     * returns once every request has been written to its socket and 300 ms more have passed, so that on a busy
     * machine the signal still comes after the server took them.
     */
    protected final CompletableFuture<List<TimedResponse>> inFlight(ServiceProcess service, int perPath, int ms)
            throws InterruptedException {
        CountDownLatch sent = new CountDownLatch(perPath * workPaths().size());
        List<CompletableFuture<TimedResponse>> futures = new ArrayList<>();
        for (String path : workPaths()) {
            for (int i = 0; i < perPath; i++) {
                futures.add(CompletableFuture.supplyAsync(
                        () -> TimedResponse.get(service.port(), path + "?ms=" + ms, sent::countDown), clients));
            }
        }
        if (!sent.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("requests could not be sent");
        }
        TimeUnit.MILLISECONDS.sleep(300);
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).collect(Collectors.toList()));
    }

    /** A response and when it arrived. */
    public record TimedResponse(RawHttp.Response response, long receivedNanos) {
        static TimedResponse get(int port, String path, Runnable afterSending) {
            RawHttp.Response response = RawHttp.get(port, path, afterSending);
            return new TimedResponse(response, System.nanoTime());
        }
    }
}
