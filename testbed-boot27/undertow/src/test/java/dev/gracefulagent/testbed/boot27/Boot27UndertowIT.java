package dev.gracefulagent.testbed.boot27;

import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** The Spring Boot 2.7 scenarios on the Undertow 2.2 starter, which serves h2c with {@code server.http2.enabled}. */
class Boot27UndertowIT extends Boot27Scenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-boot27-undertow");
    }

    @Override
    protected boolean servesH2c() {
        return true;
    }

    @Override
    protected boolean goAwayAtStopIntake() {
        return false;
    }
}
