package dev.gracefulagent.testbed.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.ServiceProcess;
import dev.gracefulagent.testbed.support.Summaries;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * testbed-grpc end to end with a real grpc-java client over one HTTP/2 connection: unary and server-streaming
 * calls in flight at SIGTERM complete and their responses reach the client; a new call after the signal fails
 * fast with UNAVAILABLE (GOAWAY on the open connection, listener closed); exit 0. Without the agent the calls
 * in flight are lost.
 */
class GrpcShutdownIT {
    private static final int CALL_MS = 1500;
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private final List<ServiceProcess> started = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ExecutorService clients = Executors.newCachedThreadPool();
    /** When each call put in flight by {@link #inFlight} got its last message. */
    private final Queue<Long> answeredNanos = new ConcurrentLinkedQueue<>();

    protected ServiceProcess.Builder configure(ServiceProcess.Builder builder) {
        return builder;
    }

    private ServiceProcess start(ServiceProcess.Builder builder) throws Exception {
        ServiceProcess service = configure(builder).start();
        started.add(service);
        return service;
    }

    private ManagedChannel channel(ServiceProcess service) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", service.port(),
                InsecureChannelCredentials.create()).build();
        channels.add(channel);
        return channel;
    }

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        clients.shutdownNow();
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (ServiceProcess service : started) {
            service.close();
        }
    }

    @Test
    void callsInFlightCompleteAndANewCallFailsFastWithUnavailable() throws Exception {
        ServiceProcess service = start(ServiceProcess.builder(testbedJar()));
        ManagedChannel channel = channel(service);
        assertEquals("done", unary(channel, 0)); // the connection is up, the call path warm
        // a longer call on a second connection (another event loop) still runs when the others end: their event
        // loop hands each call's last callback to gRPC's executor while tracked work still runs elsewhere
        ManagedChannel otherConnection = channel(service);
        assertEquals("done", unary(otherConnection, 0));
        List<CompletableFuture<String>> calls = inFlight(channel, 10);
        calls.add(CompletableFuture.supplyAsync(() -> answered(unary(otherConnection, 2 * CALL_MS)), clients));
        TimeUnit.MILLISECONDS.sleep(500);
        service.sigterm();
        service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));
        TimeUnit.MILLISECONDS.sleep(200); // the GOAWAY reaches the client

        long before = System.nanoTime();
        StatusRuntimeException refused = null;
        try {
            unary(channel, 0);
        } catch (StatusRuntimeException e) {
            refused = e;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        assertTrue(refused != null, "a new call after SIGTERM must fail\n" + service.stderr().text());
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused.toString());
        assertTrue(millis < 5000, "the new call must fail fast, not wait: " + millis + " ms");

        for (CompletableFuture<String> call : calls) {
            assertEquals("done", call.get(60, TimeUnit.SECONDS), service.stderr().text());
        }
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        assertEquals(calls.size(), Summaries.drained(service.stderr().lines(), "call"), service.stderr().text());
        assertFalse(service.stderr().text().contains("an intake it does not know"),
                "a call's last callback and gRPC's own executors, stopped by its hooks after the drain, are no"
                        + " unknown intake\n"
                        + service.stderr().text());
        long lastAnswer = answeredNanos.stream().mapToLong(Long::longValue).max().orElseThrow();
        long exitAfterLastMillis = TimeUnit.NANOSECONDS.toMillis(service.exitNanos() - lastAnswer);
        System.out.println("gRPC: process ended " + exitAfterLastMillis + " ms after the last answer");
        assertTrue(exitAfterLastMillis < 1000, "process ended " + exitAfterLastMillis + " ms after the last answer");
    }

    @Test
    void withoutTheAgentCallsInFlightAreLost() throws Exception {
        ServiceProcess service = start(ServiceProcess.builder(testbedJar()).withoutAgent());
        ManagedChannel channel = channel(service);
        assertEquals("done", unary(channel, 0));
        List<CompletableFuture<String>> calls = inFlight(channel, 10);
        TimeUnit.MILLISECONDS.sleep(500);
        service.sigterm();

        long completed = 0;
        for (CompletableFuture<String> call : calls) {
            try {
                if ("done".equals(call.get(60, TimeUnit.SECONDS))) {
                    completed++;
                }
            } catch (Exception e) {
                // lost
            }
        }
        assertTrue(completed < calls.size(), "baseline: expected lost calls, all " + completed + " completed");
        assertNotEquals(0, service.awaitExit(EXIT_WAIT), "baseline: a SIGTERMed JVM without the agent exits 143");
    }

    /** {@code perKind} unary and {@code perKind} server-streaming calls, each answering "done" as its last message. */
    private List<CompletableFuture<String>> inFlight(ManagedChannel channel, int perKind) {
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < perKind; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> answered(unary(channel, CALL_MS)), clients));
            calls.add(CompletableFuture.supplyAsync(() -> answered(streamed(channel, CALL_MS)), clients));
        }
        return calls;
    }

    private String answered(String lastMessage) {
        answeredNanos.add(System.nanoTime());
        return lastMessage;
    }

    private static String unary(ManagedChannel channel, int millis) {
        return ClientCalls.blockingUnaryCall(channel, WorkService.RUN, CallOptions.DEFAULT, Integer.toString(millis));
    }

    /** The last message of a streamed call, after checking that every part came. */
    private static String streamed(ManagedChannel channel, int millis) {
        Iterator<String> messages = ClientCalls.blockingServerStreamingCall(channel, WorkService.STREAM,
                CallOptions.DEFAULT, Integer.toString(millis));
        List<String> seen = new ArrayList<>();
        messages.forEachRemaining(seen::add);
        return seen.equals(List.of("part 1", "part 2", "part 3", "done")) ? "done" : seen.toString();
    }

    /** testbed-grpc.jar: grpc-netty-shaded. */
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-grpc");
    }
}
