import dev.gracefulagent.testbed.grpc.WorkService;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * wrk's stand-in for testbed-grpc: unary {@code testbed.Work/Run("0")} calls in a closed loop, 32 outstanding at
 * a time on one channel (one HTTP/2 connection, as a gRPC client ordinarily has), for the given seconds after 2 s
 * of warm-up of its own (this client's JIT, which wrk does not need). Prints wrk's lines that Throughput reads:
 * the calls completed, calls per second and the 99th percentile of their latency. A failed call stops the run.
 * Usage: java -cp testbed-grpc/target/testbed-grpc.jar bench/GrpcLoad.java http://127.0.0.1:PORT/ seconds
 */
public class GrpcLoad {
    private static final int OUTSTANDING = 32;
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(2);

    public static void main(String[] args) throws Exception {
        URI target = URI.create(args[0]);
        long seconds = Long.parseLong(args[1]);
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(target.getHost(), target.getPort(),
                InsecureChannelCredentials.create()).directExecutor().build();
        try {
            run(channel, System.nanoTime() + WARM_UP_NANOS);
            long start = System.nanoTime();
            Lane[] lanes = run(channel, start + TimeUnit.SECONDS.toNanos(seconds));
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] latencies = Arrays.stream(lanes).flatMapToLong(lane -> Arrays.stream(lane.latencies, 0, lane.count))
                    .sorted().toArray();
            System.out.printf("  99%% %.2fms%n", latencies[(int) (latencies.length * 0.99)] / 1e6);
            System.out.printf("  %d requests in %.2fs%n", latencies.length, elapsed);
            System.out.printf("Requests/sec: %.2f%n", latencies.length / elapsed);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Keeps OUTSTANDING calls going until {@code endNanos}; returns when the last call has completed. */
    static Lane[] run(ManagedChannel channel, long endNanos) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(OUTSTANDING);
        Lane[] lanes = new Lane[OUTSTANDING];
        for (int i = 0; i < OUTSTANDING; i++) {
            lanes[i] = new Lane(channel, endNanos, done);
            lanes[i].next();
        }
        if (!done.await(endNanos - System.nanoTime() + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("calls still outstanding 30 s after the end");
        }
        for (Lane lane : lanes) {
            if (lane.failure != null) {
                throw new IllegalStateException("a call failed", lane.failure);
            }
        }
        return lanes;
    }

    /** One call at a time, the next started when the previous one completes; its latencies in order. */
    static final class Lane implements StreamObserver<String> {
        private final ManagedChannel channel;
        private final long endNanos;
        private final CountDownLatch done;
        long[] latencies = new long[1024];
        int count;
        volatile Throwable failure;
        private long startNanos;

        Lane(ManagedChannel channel, long endNanos, CountDownLatch done) {
            this.channel = channel;
            this.endNanos = endNanos;
            this.done = done;
        }

        void next() {
            startNanos = System.nanoTime();
            ClientCalls.asyncUnaryCall(channel.newCall(WorkService.RUN, CallOptions.DEFAULT), "0", this);
        }

        @Override
        public void onNext(String value) {
        }

        @Override
        public void onError(Throwable t) {
            failure = t;
            done.countDown();
        }

        @Override
        public void onCompleted() {
            long now = System.nanoTime();
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = now - startNanos;
            if (now < endNanos) {
                next();
            } else {
                done.countDown();
            }
        }
    }
}
