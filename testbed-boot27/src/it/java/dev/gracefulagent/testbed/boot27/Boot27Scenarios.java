package dev.gracefulagent.testbed.boot27;

import dev.gracefulagent.testbed.support.Summaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.ScenarioBase;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Spring Boot 2.7 service with 10 requests of 1.5 s in flight at SIGTERM, as issue 13 found it on Jetty 9.4:
 * with Boot's default settings and with {@code server.shutdown=graceful}, with the agent and without it. Each
 * starter module runs these against its own executable jar.
 */
public abstract class Boot27Scenarios extends ScenarioBase {
    private static final int IN_FLIGHT = 10;
    private static final String BOOT_GRACEFUL = "-Dserver.shutdown=graceful";

    /**
     * Whether Boot's default (immediate) stop of this container completes the requests in flight by itself: Tomcat
     * waits for its worker threads as its connectors stop; Jetty and Undertow cut them.
     */
    protected boolean bootAloneCompletesRequestsInFlight() {
        return false;
    }

    /** Spring's dispatcher servlet initializes on the first request. */
    @Override
    protected String warmUpPath() {
        return "/work?ms=0";
    }

    @Override
    protected List<String> workPaths() {
        return List.of("/work");
    }

    @Test
    void withDefaultSettingsEveryRequestCompletesNewConnectionsAreRefusedAndTheExitCodeIsZero() throws Exception {
        drainsWithTheAgent(testbed());
    }

    @Test
    void withBootsGracefulShutdownEveryRequestCompletesNewConnectionsAreRefusedAndTheExitCodeIsZero()
            throws Exception {
        drainsWithTheAgent(testbed().jvmOption(BOOT_GRACEFUL));
    }

    @Test
    void withoutTheAgentDefaultSettingsExitAsKilledAndOnJettyAndUndertowLoseTheRequestsInFlight() throws Exception {
        ServiceProcess service = start(testbed().withoutAgent());
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, IN_FLIGHT, WORK_MS);
        service.sigterm();
        long completed = completed(pending.get(60, TimeUnit.SECONDS));
        int exit = service.awaitExit(EXIT_WAIT);
        if (bootAloneCompletesRequestsInFlight()) {
            assertEquals(IN_FLIGHT, completed, "baseline: this container's own stop completes them");
        } else {
            assertTrue(completed < IN_FLIGHT, "baseline: expected lost requests, all " + completed + " completed");
        }
        assertEquals(143, exit, "baseline: a SIGTERMed JVM without the agent exits 143");
    }

    /** Boot's own graceful mode completes them, but the process still ends as killed by the signal. */
    @Test
    void withoutTheAgentBootsGracefulShutdownExitsAsKilled() throws Exception {
        ServiceProcess service = start(testbed().withoutAgent().jvmOption(BOOT_GRACEFUL));
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, IN_FLIGHT, WORK_MS);
        service.sigterm();
        long completed = completed(pending.get(60, TimeUnit.SECONDS));
        int exit = service.awaitExit(EXIT_WAIT);
        assertEquals(143, exit, "baseline: Boot's graceful mode alone; " + completed + "/" + IN_FLIGHT
                + " completed\n" + service.stderr().text());
    }

    private void drainsWithTheAgent(ServiceProcess.Builder builder) throws Exception {
        ServiceProcess service = start(builder);
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, IN_FLIGHT, WORK_MS);
        service.sigterm();
        service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));
        assertRefusesNewConnections(service);

        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        int exit = service.awaitExit(EXIT_WAIT);
        assertEquals(IN_FLIGHT, completed(responses), responses + "\n" + service.stderr().text());
        assertEquals(0, exit, service.stderr().text());
        assertEquals(IN_FLIGHT, Summaries.drainedRequests(service.stderr().lines()), service.stderr().text());
    }

    private static long completed(List<TimedResponse> responses) {
        return responses.stream().filter(r -> r.response().ok("done")).count();
    }
}
