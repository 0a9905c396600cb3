package dev.gracefulagent.testbed.undertow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shared end-to-end scenarios on Undertow 2.2: the servlet-free testbed (a blocking handler on /work, an
 * async one on /async) running on undertow-core 2.2, to show the agent's hooks hold there too.
 */
class Undertow22GracefulShutdownIT extends GracefulShutdownScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-undertow-core-2.2");
    }

    @Test
    void aRequestArrivingAtTheSignalIsServed() throws Exception {
        assertARequestArrivingAtTheSignalIsServed();
    }

    @Test
    void theTestbedRunsOnUndertow22() throws Exception {
        ServiceProcess service = start(testbed());
        assertTrue(service.stdout().text().contains("(Undertow 2.2."), service.stdout().text());
    }
}
