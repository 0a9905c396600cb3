package dev.gracefulagent.testbed.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.RawHttp;
import dev.gracefulagent.testbed.support.ScenarioBase;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The agent attached to a Tomcat that already runs: its connector started before the agent, so the agent finds it
 * through the first request after the attach, and stopping intake closes its listener as at start-up.
 */
class TomcatAttachIT extends ScenarioBase {
    @Override
    protected Path testbedJar() {
        return Tomcat11GracefulShutdownIT.TESTBED_JAR;
    }

    @Test
    void aConnectorStartedBeforeTheAttachHasItsListenerClosedAndItsRequestsDrained() throws Exception {
        ServiceProcess service = start(testbed().withoutAgent());
        assertEquals(200, RawHttp.get(service.port(), "/work?ms=0").status());
        service.attachAgent();

        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 5, WORK_MS);
        service.sigterm();
        service.stderr().awaitContains("closed 1 listener(s)", Duration.ofSeconds(10));
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", service.port()), 2000);
            }
        });
        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        assertTrue(responses.stream().allMatch(r -> r.response().ok("done")), responses + service.stderr().text());
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        service.stderr().awaitContains("summary: drained " + responses.size() + " requests", Duration.ZERO);
    }
}
