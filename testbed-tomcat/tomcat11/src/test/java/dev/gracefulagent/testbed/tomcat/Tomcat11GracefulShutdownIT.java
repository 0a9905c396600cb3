package dev.gracefulagent.testbed.tomcat;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shared end-to-end scenarios against testbed-tomcat.jar, the embedded Tomcat 11 testbed. */
class Tomcat11GracefulShutdownIT extends GracefulShutdownScenarios {
    /** Where the contract puts it: testbed-tomcat/target, beside this module. */
    static final Path TESTBED_JAR = Path.of("..", "target", "testbed-tomcat.jar").toAbsolutePath();

    @Override
    protected Path testbedJar() {
        return TESTBED_JAR;
    }

    @Test
    void aRequestArrivingAtTheSignalIsServed() throws Exception {
        assertARequestArrivingAtTheSignalIsServed();
    }
}
