package dev.gracefulagent.testbed.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gracefulagent.testbed.support.ScenarioBase;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A Vert.x server nobody has called when the signal comes: no connection has told the agent it speaks HTTP, but
 * nothing can be in flight on it, so the netty integration closes its listener as its own (no warning about an
 * unknown listener) and the exit code is 0. A scheduled job run of 2 s keeps the drain going while the test checks
 * that new connections are refused.
 */
class VertxIdleServerIT extends ScenarioBase {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-vertx");
    }

    @Test
    void aServerThatAcceptedNoConnectionIsClosedByTheNettyIntegration() throws Exception {
        ServiceProcess service = start(testbed().env("JOB_PERIOD_MS", "100").env("JOB_MS", "2000"));
        service.sigterm();
        service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));
        assertRefusesNewConnections(service);

        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        List<String> warnings = service.stderr().lines().stream()
                .filter(line -> line.startsWith("[graceful] WARN")).collect(Collectors.toList());
        assertEquals(List.of(), warnings);
        service.stderr().awaitContains("netty: closed 1 server channel(s) that had accepted no connection",
                Duration.ZERO);
    }
}
