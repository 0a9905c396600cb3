package dev.gracefulagent.testbed.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gracefulagent.testbed.support.AttachScenarios;
import dev.gracefulagent.testbed.support.RawHttp;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The agent attached to a Tomcat that already runs: its connector started before the agent, so the agent finds it
 * through the first request after the attach, and stopping intake still closes its listener.
 */
class TomcatAttachIT extends AttachScenarios {
    @Override
    protected Path testbedJar() {
        return Tomcat11GracefulShutdownIT.TESTBED_JAR;
    }

    @Test
    void aConnectorStartedBeforeTheAttachStillHasItsListenerClosed() throws Exception {
        ServiceProcess service = start(testbed().withoutAgent());
        attachTo(service);
        assertEquals(200, RawHttp.get(service.port(), "/work?ms=0").status());

        service.sigterm();
        service.stderr().awaitContains("closed 1 listener(s)", Duration.ofSeconds(10));
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", service.port()), 2000);
            }
        });
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
    }
}
