package dev.gracefulagent.testbed.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

/**
 * How the agent fits deployments: exits that do not come from a signal, the pre-stop delay, the readiness
 * endpoint and dynamic attach. The testbed needs {@code /admin/exit?code=N[&from=background]}.
 */
public abstract class DeployScenarios extends ScenarioBase {

    @Test
    void systemExitFromARequestThreadDrainsTheOthersWithoutDeadlock() throws Exception {
        ServiceProcess service = start(testbed().jvmOption("-Dgraceful.timeout=20s"));
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 5, WORK_MS);
        CompletableFuture<RawHttp.Response> exiting =
                CompletableFuture.supplyAsync(() -> RawHttp.get(service.port(), "/admin/exit?code=7"), clients);

        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        assertTrue(responses.stream().allMatch(r -> r.response().ok("done")), responses + service.stderr().text());
        assertEquals(7, service.awaitExit(Duration.ofSeconds(10)), "no deadlock, and the code System.exit was given");
        assertEquals(-1, exiting.get(10, TimeUnit.SECONDS).status(), "the exiting request itself ends with the JVM");
        assertDrainedBeforeExit(service, responses.size());
    }

    @Test
    void systemExitFromABackgroundThreadDrainsFirst() throws Exception {
        ServiceProcess service = start(testbed());
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 5, WORK_MS);
        assertEquals(202, RawHttp.get(service.port(), "/admin/exit?code=0&from=background").status());

        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        assertTrue(responses.stream().allMatch(r -> r.response().ok("done")), responses + service.stderr().text());
        assertEquals(0, service.awaitExit(EXIT_WAIT));
        assertDrainedBeforeExit(service, responses.size());
    }

    /** The exit ran the drain; the exit request itself may be counted too when it was still completing. */
    private static void assertDrainedBeforeExit(ServiceProcess service, int requests) throws InterruptedException {
        service.stderr().awaitContains("JVM exit: graceful shutdown begins", Duration.ZERO);
        long drained = Summaries.drainedRequests(service.stderr().lines());
        assertTrue(drained >= requests, service.stderr().text());
    }

    @Test
    void duringThePreStopDelayRequestsAreServedThenConnectionsAreRefused() throws Exception {
        int health = ServiceProcess.freePort();
        ServiceProcess service = start(testbed().jvmOption("-Dgraceful.preStopDelay=2s")
                .jvmOption("-Dgraceful.health.port=" + health).jvmOption("-Dgraceful.health.bind=127.0.0.1"));
        assertEquals(200, RawHttp.get(health, "/ready").status());
        service.sigterm();
        service.stderr().awaitContains("notice: not ready", Duration.ofSeconds(10));

        assertEquals(503, RawHttp.get(health, "/ready").status(), "not ready from the moment shutdown begins");
        RawHttp.Response during = RawHttp.get(service.port(), "/work?ms=10");
        assertTrue(during.ok("done"), "served normally during the pre-stop delay: " + during);
        assertEquals(200, RawHttp.get(health, "/live").status());

        service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));
        assertThrows(ConnectException.class, () -> RawHttp.connect(service.port()).close(),
                () -> "the listener must be closed after the pre-stop delay\n" + service.stderr().text());
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
    }

    @Test
    void readinessFlipsAtTheSignalAndStaysReachableDuringTheDrain() throws Exception {
        int health = ServiceProcess.freePort();
        ServiceProcess service = start(testbed().jvmOption("-Dgraceful.health.port=" + health));
        assertEquals(200, RawHttp.get(health, "/ready").status());
        assertEquals(200, RawHttp.get(health, "/live").status());
        assertEquals(405, rawStatus(health, "POST", "/ready"), "probes cannot alter anything");
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 2, 2500);
        service.sigterm();
        service.stderr().awaitContains("drain: ", Duration.ofSeconds(10));

        assertEquals(503, RawHttp.get(health, "/ready").status());
        assertEquals(200, RawHttp.get(health, "/live").status(), "live until exit, reachable during the drain");
        assertTrue(pending.get(60, TimeUnit.SECONDS).stream().allMatch(r -> r.response().ok("done")));
        assertEquals(0, service.awaitExit(EXIT_WAIT));
    }

    @Test
    void underXrsTheAgentWarnsLoudlyAtStartUp() throws Exception {
        ServiceProcess service = start(testbed().jvmOption("-Xrs"));
        service.stderr().awaitContains("cannot be trapped (is the JVM running with -Xrs?)", Duration.ofSeconds(10));
        service.sigterm();
        assertEquals(143, service.awaitExit(EXIT_WAIT), "the documented limit: -Xrs leaves SIGTERM to the OS");
    }

    @Test
    void theMBeanShowsStateReadinessAndWorkInFlight() throws Exception {
        ServiceProcess service = start(testbed().jvmOption("-Dgraceful.jmx=true"));
        try (LocalJmx jmx = LocalJmx.connect(service.pid())) {
            ObjectName name = new ObjectName("dev.gracefulagent:type=GracefulShutdown");
            assertEquals("running", jmx.attribute(name, "State"));
            assertEquals(true, jmx.attribute(name, "Ready"));
            CompletableFuture<List<TimedResponse>> pending = inFlight(service, 2, 2500);
            // on a loaded machine a cold server can take the requests later than the scenario's signal delay
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            TabularData inFlight;
            while (requestsIn(inFlight = (TabularData) jmx.attribute(name, "InFlight")) < 4
                    && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            assertTrue(requestsIn(inFlight) >= 4, "in-flight requests seen over JMX: " + inFlight);

            service.sigterm();
            service.stderr().awaitContains("drain: ", Duration.ofSeconds(10));
            assertEquals("drain", jmx.attribute(name, "State"));
            assertEquals(false, jmx.attribute(name, "Ready"));
            assertTrue(pending.get(60, TimeUnit.SECONDS).stream().allMatch(r -> r.response().ok("done")));
        }
        assertEquals(0, service.awaitExit(EXIT_WAIT));
    }

    private static int rawStatus(int port, String method, String path) throws IOException {
        try (RawHttp http = RawHttp.connect(port)) {
            return http.exchange(method, path).status();
        }
    }

    @Test
    void attachingToARunningServiceDrainsLikeAttachingAtStartUp() throws Exception {
        ServiceProcess service = start(testbed().withoutAgent());
        assertEquals(200, RawHttp.get(service.port(), "/work?ms=0").status());
        service.attachAgent();

        // the pool started before the attach too: it is found on this write's borrow and closed after the drain
        CompletableFuture<RawHttp.Response> write = CompletableFuture.supplyAsync(() -> post(service.port(),
                "/db/write?ms=" + WORK_MS), clients);
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 10, WORK_MS);
        service.sigterm();
        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        assertTrue(responses.stream().allMatch(r -> r.response().ok("done")), responses + service.stderr().text());
        assertEquals(200, write.get(60, TimeUnit.SECONDS).status(), service.stderr().text());
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        assertEquals(responses.size() + 1, Summaries.drainedRequests(service.stderr().lines()),
                service.stderr().text());
        service.stderr().awaitContains("closed hikari ", Duration.ZERO);
    }

    private static RawHttp.Response post(int port, String path) {
        try (RawHttp http = RawHttp.connect(port)) {
            return http.exchange("POST", path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int requestsIn(TabularData inFlight) {
        return inFlight.values().stream().map(CompositeData.class::cast)
                .filter(row -> row.get("key").toString().endsWith(" requests"))
                .mapToInt(row -> (Integer) row.get("value")).sum();
    }
}
