package dev.gracefulagent.testbed.tomcat;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shared end-to-end scenarios against the embedded Tomcat testbed on Tomcat 10.1. */
class Tomcat10GracefulShutdownIT extends GracefulShutdownScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-tomcat10");
    }

    @Test
    void aRequestArrivingAtTheSignalIsServed() throws Exception {
        assertARequestArrivingAtTheSignalIsServed();
    }
}
