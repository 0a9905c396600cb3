package dev.gracefulagent.testbed.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.DeployScenarios;
import dev.gracefulagent.testbed.support.RawHttp;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Exit paths, pre-stop delay, readiness, JMX and attach against testbed-undertow; and, attached to a server
 * that started before the agent, intake still stops: the listener closes, idle connections close.
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
}
