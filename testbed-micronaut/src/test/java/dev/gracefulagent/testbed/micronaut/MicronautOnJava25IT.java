package dev.gracefulagent.testbed.micronaut;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.Jdks;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared end-to-end scenarios against testbed-micronaut on JDK 25, where Micronaut runs blocking work
 * ({@code @ExecuteOn(BLOCKING)}, GET /work) on virtual threads by default; GET /async answers from a delayed future.
 */
class MicronautOnJava25IT extends GracefulShutdownScenarios {
    @BeforeAll
    static void requireJava25() {
        assumeTrue(Jdks.java25().isPresent(), "no JDK 25 under /usr/lib/jvm and no JAVA25_HOME");
    }

    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-micronaut");
    }

    @Override
    protected ServiceProcess.Builder configure(ServiceProcess.Builder builder) {
        return builder.javaHome(Jdks.java25().orElseThrow());
    }

    @Override
    protected int warmUpConnections() {
        return 8; // each event loop
    }

    @Test
    void aRequestArrivingAtTheSignalIsServed() throws Exception {
        assertARequestArrivingAtTheSignalIsServed();
    }

    @Test
    void aRequestOnAConnectionAcceptedAtTheSignalIsServed() throws Exception {
        assertARequestOnAConnectionAcceptedAtTheSignalIsServed();
    }
}
