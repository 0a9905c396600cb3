package dev.gracefulagent.testbed.undertow;

import dev.gracefulagent.testbed.support.BackgroundWorkScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** The scheduled job and hand-offs of testbed-undertow across a SIGTERM. */
class UndertowBackgroundWorkIT extends BackgroundWorkScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-undertow");
    }
}
