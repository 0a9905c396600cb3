package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.support.DataIntegrityScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** The shared data-integrity scenarios (writes through HikariCP at SIGTERM) against the Jetty 9.4 testbed. */
class Jetty94DataIntegrityIT extends DataIntegrityScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar(Jetty94GracefulShutdownIT.TESTBED);
    }
}
