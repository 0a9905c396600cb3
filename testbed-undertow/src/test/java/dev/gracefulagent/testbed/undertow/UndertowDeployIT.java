package dev.gracefulagent.testbed.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.DeployScenarios;
import dev.gracefulagent.testbed.support.RawHttp;
import dev.gracefulagent.testbed.support.RetransformingAgent;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit paths, pre-stop delay, readiness, JMX and attach against testbed-undertow; attached to a server that
 * started before the agent, intake still stops: the listener closes, idle connections close; with the
 * application's classes in a class data archive, and beside another agent that retransforms the JDK's classes,
 * the agent still sees what it hooks.
 */
class UndertowDeployIT extends DeployScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-undertow");
    }

    @Override
    protected List<String> workPaths() {
        return List.of("/work", "/async", "/plain");
    }

    @Test
    void attachedToARunningServerTheListenerClosesAndIdleConnectionsClose() throws Exception {
        ServiceProcess service = start(testbed().withoutAgent());
        try (RawHttp idle = RawHttp.connect(service.port())) {
            assertEquals(200, idle.exchange("GET", "/work?ms=0").status(), "a keep-alive connection from before");
            service.attachAgent();
            CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, 3000);
            service.sigterm();
            service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));

            assertThrows(ConnectException.class, () -> RawHttp.connect(service.port()).close());
            assertEquals("eof", idle.awaitClose());
            assertTrue(pending.get(60, TimeUnit.SECONDS).stream().allMatch(r -> r.response().ok("done")));
        }
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
    }

    /**
     * Classes from an archive of the application's classes (AppCDS; here a dynamic archive a first run writes at
     * its exit) load without {@code ClassLoader.defineClass}, where the agent otherwise sees class loads: with such
     * an archive named, it must see them as a class file transformer, or Undertow would go unhooked.
     */
    @Test
    void withTheApplicationsClassesInAClassDataArchiveRequestsInFlightAreStillDrained(@TempDir Path dir)
            throws Exception {
        Path archive = dir.resolve("app.jsa");
        ServiceProcess archiving = start(testbed().withoutAgent().jvmOption("-XX:ArchiveClassesAtExit=" + archive));
        inFlight(archiving, 1, 0).get(60, TimeUnit.SECONDS);
        archiving.sigterm();
        archiving.awaitExit(EXIT_WAIT);
        assertTrue(Files.isRegularFile(archive), "no archive was written: " + archiving.stderr().text());

        Path classLoads = dir.resolve("class-loads.log");
        ServiceProcess service = start(testbed().jvmOption("-XX:SharedArchiveFile=" + archive)
                .jvmOption("-Xlog:class+load=info:file=" + classLoads));
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, WORK_MS);
        service.sigterm();

        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        assertTrue(responses.stream().allMatch(r -> r.response().ok("done")), responses + service.stderr().text());
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        assertTrue(Files.readAllLines(classLoads).stream().anyMatch(line ->
                line.contains("io.undertow.util.Headers source: shared objects file")),
                "the scenario's premise: Undertow's classes came from the archive");
    }

    /**
     * Beside another agent that retransforms the JDK's class loaders, executors and socket channels at start-up
     * (APM agents do), before or after this one: what the agent wove there stays, though its own transformer is
     * gone by then (a retransformation starts over from the class as it was before any retransformable transformer
     * changed it, and only the transformers still registered run).
     */
    @Test
    void besideAnAgentThatRetransformsTheJdksClassesRequestsInFlightAreStillDrained(@TempDir Path dir)
            throws Exception {
        String other = "-javaagent:" + RetransformingAgent.jar(dir);
        String graceful = "-javaagent:" + ServiceProcess.agentJar();
        for (List<String> agents : List.of(List.of(graceful, other), List.of(other, graceful))) {
            ServiceProcess service = start(testbed().withoutAgent().jvmOption(agents.get(0)).jvmOption(agents.get(1)));
            CompletableFuture<List<TimedResponse>> pending = inFlight(service, 1, WORK_MS);
            service.sigterm();

            List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
            assertTrue(responses.stream().allMatch(r -> r.response().ok("done")),
                    agents + ": " + responses + service.stderr().text());
            assertEquals(0, service.awaitExit(EXIT_WAIT), agents + ": " + service.stderr().text());
            assertTrue(service.stderr().text().contains("retransforming agent: retransformed"), "the premise");
        }
    }
}
