package dev.gracefulagent.testbed.tomcat;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shared end-to-end scenarios against the embedded Tomcat testbed on Tomcat 9. */
class Tomcat9GracefulShutdownIT extends GracefulShutdownScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-tomcat9");
    }

    @Test
    void aRequestArrivingAtTheSignalIsServed() throws Exception {
        assertARequestArrivingAtTheSignalIsServed();
    }
}
