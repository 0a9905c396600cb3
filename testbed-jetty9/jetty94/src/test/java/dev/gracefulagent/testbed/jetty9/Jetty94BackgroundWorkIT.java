package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.support.BackgroundWorkScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** The shared background-work scenarios (scheduled job, hand-offs) against the Jetty 9.4 testbed. */
class Jetty94BackgroundWorkIT extends BackgroundWorkScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar(Jetty94GracefulShutdownIT.TESTBED);
    }
}
