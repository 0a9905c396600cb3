package dev.gracefulagent.bench;

import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** The whole tracking cost of one request: {@code InFlight.begin} when it arrives, {@code Unit.end} when it completes. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class Tracking {
    /** One tracker shared by all benchmark threads, as one integration's tracker is shared by a server's threads. */
    @State(Scope.Benchmark)
    public static class Requests {
        final InFlight requests = new InFlight("requests", new Named(), new DrainSignal());
    }

    /**
     * A tracker that already holds many requests (long polls, slow uploads) that stay in flight throughout;
     * other counts with {@code -p inFlight=1000,100000}.
     */
    @State(Scope.Benchmark)
    public static class Crowded {
        @Param("10000")
        int inFlight;
        final InFlight requests = new InFlight("requests", new Named(), new DrainSignal());

        @Setup
        public void fill() {
            for (int i = 0; i < inFlight; i++) {
                requests.begin("held " + i);
            }
        }
    }

    /** Each thread's request object, which the unit refers to. */
    @State(Scope.Thread)
    public static class Request {
        final Object subject = new Object();
    }

    @Benchmark
    public Unit beginEnd(Requests tracker, Request request) {
        Unit unit = tracker.requests.begin(request.subject);
        unit.end();
        return unit;
    }

    @Benchmark
    @Threads(2)
    public Unit beginEndTwoThreads(Requests tracker, Request request) {
        Unit unit = tracker.requests.begin(request.subject);
        unit.end();
        return unit;
    }

    @Benchmark
    public Unit beginEndBesideManyInFlight(Crowded tracker, Request request) {
        Unit unit = tracker.requests.begin(request.subject);
        unit.end();
        return unit;
    }

    /** Only read for shutdown reports, never by these benchmarks. */
    static final class Named implements Describer {
        @Override
        public String describe(Object subject) {
            return String.valueOf(subject);
        }

        @Override
        public String entryFrame() {
            return "org.eclipse.jetty.server.Server.handle";
        }
    }
}
