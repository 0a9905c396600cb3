package dev.gracefulagent.testbed.jetty;

import dev.gracefulagent.testbed.support.BackgroundWorkScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** The scheduled job and hand-offs of testbed-jetty across a SIGTERM. */
class JettyBackgroundWorkIT extends BackgroundWorkScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-jetty");
    }
}
