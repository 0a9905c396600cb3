package dev.gracefulagent.testbed.vertx;

import dev.gracefulagent.testbed.support.BackgroundWorkScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** Scheduled jobs and hand-offs of testbed-vertx at SIGTERM. */
class VertxBackgroundWorkIT extends BackgroundWorkScenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-vertx");
    }
}
