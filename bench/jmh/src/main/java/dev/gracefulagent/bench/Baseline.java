package dev.gracefulagent.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the tracking figures are read against: doing nothing; the least a counter of work in flight can cost,
 * one shared atomic counter up and down (contended when two threads share it, as requests do); and the clock
 * read that begin makes for the unit's age, whose cost depends on the machine's clock source.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class Baseline {
    @State(Scope.Benchmark)
    public static class Counter {
        final AtomicInteger inFlight = new AtomicInteger();
    }

    @Benchmark
    public void empty() {
    }

    @Benchmark
    public int atomicUpDown(Counter counter) {
        counter.inFlight.incrementAndGet();
        return counter.inFlight.decrementAndGet();
    }

    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    @Threads(2)
    public int atomicUpDownTwoThreads(Counter counter) {
        counter.inFlight.incrementAndGet();
        return counter.inFlight.decrementAndGet();
    }
}
