package dev.gracefulagent.testbed.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.ScenarioBase;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A Vert.x server nobody has called when the signal comes (only a TCP health probe came, and left): no connection
 * has told the agent it speaks HTTP, but nothing can be in flight on it, so the netty integration closes its
 * listener as its own (no warning about an unknown listener), stops the event loops it and its connections would
 * have run on, and the exit code is 0. A scheduled job run of 2 s keeps the drain going while the test checks
 * that new connections are refused.
 */
class VertxIdleServerIT extends ScenarioBase {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-vertx");
    }

    @Test
    void aServerWithNoConnectionOpenIsClosedByTheNettyIntegration() throws Exception {
        ServiceProcess service = start(testbed().env("JOB_PERIOD_MS", "100").env("JOB_MS", "2000"));
        probeAndAwaitTheServersClose(service.port());
        service.sigterm();
        service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));
        assertRefusesNewConnections(service);

        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        List<String> warnings = service.stderr().lines().stream()
                .filter(line -> line.startsWith("[graceful] WARN")).collect(Collectors.toList());
        assertEquals(List.of(), warnings);
        service.stderr().awaitContains("netty: closed 1 server channel(s) with no connection open",
                Duration.ZERO);
        // the acceptor's loops and the ones its connections would have gone to: left running, their threads would
        // hold the JVM's exit (HotSpot waits for threads in native calls) as long as without the agent
        service.stderr().awaitContains("close done", Duration.ZERO);
        assertTrue(service.stderr().lines().stream().anyMatch(line -> line.startsWith("[graceful] close done")
                && line.contains(" 2 event loop groups")), service.stderr().text());
    }

    /** A connection that sends nothing and leaves, as a Kubernetes tcpSocket probe: back once the server closed it. */
    private static void probeAndAwaitTheServersClose(int port) throws IOException {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            probe.setSoTimeout(10_000);
            probe.shutdownOutput();
            assertEquals(-1, probe.getInputStream().read());
        }
    }
}
