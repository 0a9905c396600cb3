package dev.gracefulagent.testbed.support;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A steady load of {@code POST /db/write?ms=N}: each client sends one write after the other, each on a fresh
 * connection, until the service refuses connections or the time limit passes. Every outcome is kept.
 */
public final class WriteLoad {
    /** What one write got: the status (200 with the row id, 503, 500...), or the failure of the exchange. */
    public record Outcome(int status, String body, IOException failure) {
        public boolean refused() {
            return failure instanceof ConnectException;
        }

        public boolean acknowledged() {
            return status == 200;
        }

        /** A server error other than the agent's 503, e.g. a write that found its pool closed. */
        public boolean serverError() {
            return status >= 500 && status != 503;
        }

        /** The connection was accepted and then closed or reset without an answer. */
        public boolean unanswered() {
            return failure != null && !refused();
        }

        @Override
        public String toString() {
            return failure != null ? "failed: " + failure : status + " " + body;
        }
    }

    private final int port;
    private final int holdMillis;
    private final long endNanos;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<Thread> clients = new ArrayList<>();
    private final CountDownLatch acknowledgedSoFar;

    private WriteLoad(int port, int holdMillis, long limitMillis, int steadyAfter) {
        this.port = port;
        this.holdMillis = holdMillis;
        this.endNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
        this.acknowledgedSoFar = new CountDownLatch(steadyAfter);
    }

    /**
     * Starts {@code clients} threads and returns once {@code steadyAfter} writes were acknowledged, so the
     * load is known to be running.
     */
    public static WriteLoad start(int port, int clients, int holdMillis, long limitMillis, int steadyAfter)
            throws InterruptedException {
        WriteLoad load = new WriteLoad(port, holdMillis, limitMillis, steadyAfter);
        for (int i = 0; i < clients; i++) {
            Thread client = new Thread(load::run, "write-load-" + i);
            client.setDaemon(true);
            load.clients.add(client);
            client.start();
        }
        if (!load.acknowledgedSoFar.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the write load did not get going: " + load.outcomes());
        }
        return load;
    }

    private void run() {
        while (System.nanoTime() < endNanos) {
            Outcome outcome = writeOnce();
            synchronized (outcomes) {
                outcomes.add(outcome);
            }
            if (outcome.acknowledged()) {
                acknowledgedSoFar.countDown();
            }
            if (outcome.refused()) {
                return;
            }
        }
    }

    private Outcome writeOnce() {
        try (RawHttp http = RawHttp.connect(port)) {
            RawHttp.Response response = http.exchange("POST", "/db/write?ms=" + holdMillis);
            return new Outcome(response.status(), response.body(), null);
        } catch (IOException e) {
            return new Outcome(-1, "", e);
        }
    }

    /** Waits for every client to stop (the service refused it or the time limit passed); all outcomes. */
    public List<Outcome> finish() throws InterruptedException {
        for (Thread client : clients) {
            client.join(TimeUnit.NANOSECONDS.toMillis(Math.max(0, endNanos - System.nanoTime())) + 10_000);
        }
        return outcomes();
    }

    private List<Outcome> outcomes() {
        synchronized (outcomes) {
            return new ArrayList<>(outcomes);
        }
    }
}
