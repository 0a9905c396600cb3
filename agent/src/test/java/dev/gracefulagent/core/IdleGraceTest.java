package dev.gracefulagent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The timing rule of the idle grace, on the sequence itself with a server that only counts connections. */
class IdleGraceTest {
    private static final long GRACE_MILLIS = 20_000;

    @Test
    void withNoIdleConnectionTheGraceCostsNothing() throws Exception {
        Server server = new Server(0);
        long millis = drain(server, null);
        assertEquals(1, server.closeCalls.get(), "idle connections closed once, at stop intake");
        assertTrue(millis < GRACE_MILLIS / 2, "the drain waited for a grace with nothing idle: " + millis + " ms");
    }

    @Test
    void theGraceEndsOnceNoIdleConnectionIsLeft() throws Exception {
        final Server server = new Server(1);
        long millis = drain(server, new Runnable() {
            @Override
            public void run() {
                // the idle connection received a request; it ends, and its connection closes after it
                server.idle.set(0);
                server.request.end();
            }
        });
        assertTrue(millis < GRACE_MILLIS / 2, "the grace did not end early: " + millis + " ms");
        assertEquals(1, server.closeCalls.get());
    }

    @Test
    void theGraceEndsWhenItsLastIdleConnectionClosesAfterTheWorkEnded() throws Exception {
        final Server server = new Server(1);
        long millis = drain(server, new Runnable() {
            @Override
            public void run() {
                server.request.end();
                try {
                    TimeUnit.MILLISECONDS.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                server.idle.set(0); // its client closed it, and the server tells the signal
                server.signal.connectionClosed();
            }
        });
        assertTrue(millis < GRACE_MILLIS / 2, "the grace did not end when the connection closed: " + millis + " ms");
    }

    @Test
    void idleConnectionsAreClosedWhenTheGraceIsOverNotBefore() throws Exception {
        Server server = new Server(1);
        DrainSignal signal = new DrainSignal();
        server.install(null, signal);
        server.request.end();
        ShutdownSequence sequence = new ShutdownSequence(30_000, 0, 300, Collections.<String>emptyList(),
                Collections.<Integration>singletonList(server), new NoHooks(), signal);
        long start = System.nanoTime();
        sequence.runToEnd("test");
        assertEquals(1, server.closeCalls.get());
        assertTrue(server.closedAfterNanos.get() - start >= TimeUnit.MILLISECONDS.toNanos(300),
                "closed before the grace was over");
    }

    /** Runs the drain with a long grace; {@code meanwhile} runs 200 ms into it. Answers how long the drain took. */
    private static long drain(Server server, final Runnable meanwhile) throws Exception {
        DrainSignal signal = new DrainSignal();
        server.install(null, signal);
        if (meanwhile == null) {
            server.request.end();
        }
        ShutdownSequence sequence = new ShutdownSequence(60_000, 0, GRACE_MILLIS, Collections.<String>emptyList(),
                Collections.<Integration>singletonList(server), new NoHooks(), signal);
        Thread later = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    TimeUnit.MILLISECONDS.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                if (meanwhile != null) {
                    meanwhile.run();
                }
            }
        });
        later.start();
        long start = System.nanoTime();
        sequence.runToEnd("test");
        later.join();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** A server with one request in flight and {@code idle} idle connections. */
    private static final class Server implements Integration {
        final AtomicInteger idle;
        final AtomicInteger closeCalls = new AtomicInteger();
        final AtomicLong closedAfterNanos = new AtomicLong();
        InFlight requests;
        Unit request;
        DrainSignal signal;

        Server(int idle) {
            this.idle = new AtomicInteger(idle);
        }

        @Override
        public String name() {
            return "server";
        }

        @Override
        public void install(Instrumenter instrumenter, DrainSignal signal) {
            this.signal = signal;
            requests = new InFlight("requests", new Describer() {
                @Override
                public String describe(Object subject) {
                    return "request";
                }

                @Override
                public String entryFrame() {
                    return "none";
                }
            }, signal);
            request = requests.begin("request");
        }

        @Override
        public int idleConnections(boolean close) {
            if (!close) {
                return idle.get();
            }
            closeCalls.incrementAndGet();
            closedAfterNanos.set(System.nanoTime());
            return idle.getAndSet(0);
        }

        @Override
        public List<InFlight> inFlight() {
            return Collections.singletonList(requests);
        }
    }

    private static final class NoHooks implements Instrumenter {
        @Override
        public void hook(String integration, HookPoint point, Bridge.Hook hook) {
        }

        @Override
        public void hookTasks(String integration, HookPoint point, Bridge.TaskHook hook) {
        }
    }
}
