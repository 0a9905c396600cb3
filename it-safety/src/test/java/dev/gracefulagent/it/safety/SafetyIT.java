package dev.gracefulagent.it.safety;

import dev.gracefulagent.testbed.support.Baselines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gracefulagent.testbed.support.ScenarioBase;
import dev.gracefulagent.testbed.support.ServiceProcess;
import io.netty.channel.uring.IoUring;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the agent does not know, under real SIGTERMs: a server it has no integration for, a library version whose
 * hook points are only partly there, an intake it never stopped, a client library's scheduler, the application's
 * own shutdown hooks that need the pool. Each time: never worse than without the agent, and exit 0 only when the
 * agent can vouch for everything.
 */
class SafetyIT extends ScenarioBase {
    private static final int SLOW_MS = 2000;

    @TempDir
    Path dir;

    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("it-safety");
    }

    @Override
    protected List<String> workPaths() {
        return List.of("/work");
    }

    private ServiceProcess.Builder app(String name) {
        return testbed().env("APP", name);
    }

    @Test
    void anUnknownServerIsClosedAtStopIntakeAndItsOpenConnectionMakesTheExitCodeOne() throws Exception {
        assertUnownedListenerClosedAndReported("unknown-server", "dev.gracefulagent.testbed.support.UnknownServer");
    }

    /** A Netty epoll server speaking a protocol of its own (HTTP read and written as raw bytes, no Netty codec). */
    @Test
    void aNettyEpollListenerNoIntegrationKnowsIsClosedAndReported() throws Exception {
        assertUnownedListenerClosedAndReported("netty-epoll", "io.netty.channel.epoll.EpollServerSocketChannel");
    }

    /** The same on io_uring, Netty 4.2's third transport: the listener is bound through io_uring's own channel. */
    @Test
    void aNettyIoUringListenerNoIntegrationKnowsIsClosedAndReported() throws Exception {
        assumeIoUring();
        assertUnownedListenerClosedAndReported("netty-io_uring", "io.netty.channel.uring.IoUringServerSocketChannel");
    }

    /** On NIO the listener is registered with the event loop's selector: closing it must still refuse at once. */
    @Test
    void aNettyNioListenerNoIntegrationKnowsIsClosedAndReported() throws Exception {
        assertUnownedListenerClosedAndReported("netty-nio", "io.netty.channel.socket.nio.NioServerSocketChannel");
    }

    /** The same server with Netty's HTTP codec in its pipeline: the netty integration owns it and drains it. */
    @Test
    void aNettyEpollServerWithNettysHttpCodecIsDrained() throws Exception {
        assertNettyHttpServerDrained("netty-epoll-http");
    }

    /** The third transport: the listener bound and the connections served through io_uring. */
    @Test
    void aNettyIoUringServerWithNettysHttpCodecIsDrained() throws Exception {
        assumeIoUring();
        assertNettyHttpServerDrained("netty-io_uring-http");
    }

    /** io_uring may be missing (an older kernel) or switched off (sysctl kernel.io_uring_disabled, seccomp). */
    private static void assumeIoUring() {
        assumeTrue(IoUring.isAvailable(), () -> "io_uring is not available here: " + IoUring.unavailabilityCause());
    }

    private void assertNettyHttpServerDrained(String appName) throws Exception {
        ServiceProcess service = start(app(appName));
        assertTrue(ok(service.port()), "the server answers before the signal");
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, SLOW_MS);
        service.sigterm();
        service.stderr().awaitContains("stop intake done", EXIT_WAIT);
        assertRefused(service.port());

        List<TimedResponse> responses = pending.get(30, TimeUnit.SECONDS);
        assertTrue(responses.get(0).response().ok("done"), responses + "\n" + service.stderr().text());
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        String err = service.stderr().text();
        assertFalse(err.contains("WARN closed listener"), err);
        assertTrue(err.contains("summary: drained 1 request"), err);
    }

    /**
     * A slow request in flight on a server no integration knows: new connections are refused after stop intake,
     * one WARN names the port and the class that opened it, and the connection still open at the end makes the
     * exit code 1.
     */
    private void assertUnownedListenerClosedAndReported(String appName, String opener) throws Exception {
        ServiceProcess service = start(app(appName));
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, SLOW_MS);
        service.sigterm();
        service.stderr().awaitContains("stop intake done", EXIT_WAIT);
        assertRefused(service.port());
        assertEquals(1, service.awaitExit(EXIT_WAIT), service.stderr().text());
        String err = service.stderr().text();
        assertTrue(err.contains("WARN closed listener on port " + service.port() + " opened by " + opener), err);
        assertTrue(err.contains("1 listener(s) not drained: port " + service.port()), err);
        assertTrue(err.contains("1 connection(s) open"), err);
        pending.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anUnknownServerWithNoConnectionOpenAtTheEndExitsZero() throws Exception {
        ServiceProcess service = start(app("unknown-server"));
        assertTrue(ok(service.port()), "the server answers before the signal");
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        String err = service.stderr().text();
        assertTrue(err.contains("WARN closed listener on port " + service.port()), err);
        assertFalse(err.contains("listener(s) not drained"), err);
    }

    /** The baseline: without the agent the same server cuts its request and ends with 143; the agent adds no loss. */
    @Test
    void withoutTheAgentTheUnknownServerCutsItsRequest() throws Exception {
        ServiceProcess service = start(app("unknown-server").withoutAgent());
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, SLOW_MS);
        service.sigterm();
        Baselines.assertEndedAsKilled(service.awaitExit(EXIT_WAIT), service.stderr().text());
        assertEquals(-1, pending.get(10, TimeUnit.SECONDS).get(0).response().status());
    }

    @Test
    void aLibraryWhoseHookPointsArePartlyThereIsLeftToItsOwnGracefulStop() throws Exception {
        ServiceProcess service = start(app("partial-library"));
        // the warning comes at start-up, before any signal
        assertTrue(service.stderr().text().contains("WARN jetty: org.eclipse.jetty.server.Server from it-safety.jar"
                + " lacks [handle(Request, Response, Callback)]; the agent leaves this library alone"),
                service.stderr().text());
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, SLOW_MS);
        service.sigterm();
        service.stderr().awaitContains("stop intake done", EXIT_WAIT);
        assertRefused(service.port());
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        assertTrue(pending.get(10, TimeUnit.SECONDS).get(0).response().ok("done"), "the library's own stop completes it");
        String err = service.stderr().text();
        assertFalse(err.contains("jetty: closed"), "the agent does not act on the library\n" + err);
        assertTrue(service.stdout().text().contains("[app] library stopped gracefully"), service.stdout().text());
    }

    @Test
    void theApplicationsHookWritesThroughThePoolBeforeTheAgentClosesIt() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("hook") + ";DB_CLOSE_ON_EXIT=FALSE";
        ServiceProcess service = start(app("pool-in-hook").env("DB_URL", url));
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        String out = service.stdout().text();
        assertTrue(out.contains("[app] hook wrote its row"), out + service.stderr().text());
        String err = service.stderr().text();
        assertTrue(err.indexOf("application hooks done") < err.indexOf("[graceful] closed hikari hook-pool"), err);
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement(); ResultSet rows = s.executeQuery("select count(*) from hook_rows")) {
            rows.next();
            assertEquals(1, rows.getInt(1));
        }
    }

    @Test
    void workFromAnIntakeTheAgentDoesNotKnowDoesNotHoldTheApplicationsShutdownHostage() throws Exception {
        ServiceProcess service = start(app("feeder").jvmOption("-Dgraceful.timeout=20s"));
        service.stdout().awaitContains("[app] item 3 done", EXIT_WAIT);
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        String err = service.stderr().text();
        assertTrue(err.contains("WARN work keeps arriving at java.util.concurrent.ThreadPoolExecutor created by"
                + " dev.gracefulagent.it.safety.FeederApp from thread feeder"), err);
        assertFalse(err.contains("passed; still running"), "the drain ended before the deadline\n" + err);
        assertTrue(service.stdout().text().contains("[app] hook: feed stopped, pool drained true"),
                service.stdout().text());
    }

    @Test
    void aClientLibrarysHeartbeatKeepsRunningThroughTheDrain() throws Exception {
        assumeTrue(reachable(5672), "no RabbitMQ broker on 127.0.0.1:5672: skipping the heartbeat scenario");
        ServiceProcess service = start(app("heartbeat").env("JOB_MS", "6000"));
        service.stdout().awaitContains("[app] job started", EXIT_WAIT);
        service.sigterm();
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        String out = service.stdout().text();
        assertTrue(out.contains("[app] job done"), out);
        assertTrue(out.contains("[app] connection open after the drain: true"), out + service.stderr().text());
    }

    private static boolean ok(int port) {
        return dev.gracefulagent.testbed.support.RawHttp.get(port, "/work?ms=0").ok("done");
    }

    private static void assertRefused(int port) {
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }, "a new connection after stop intake must be refused");
    }

    private static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
