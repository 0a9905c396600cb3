package dev.gracefulagent.testbed.vertx;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gracefulagent.testbed.support.Jdks;
import dev.gracefulagent.testbed.support.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;

/** The same scenarios with testbed-vertx and the agent running on JDK 25. */
class VertxOnJava25IT extends VertxGracefulShutdownIT {
    @BeforeAll
    static void requireJava25() {
        assumeTrue(Jdks.java25().isPresent(), "no JDK 25 under /usr/lib/jvm and no JAVA25_HOME");
    }

    @Override
    protected ServiceProcess.Builder configure(ServiceProcess.Builder builder) {
        return builder.javaHome(Jdks.java25().orElseThrow());
    }
}
