package dev.gracefulagent.testbed.jdkhttp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gracefulagent.testbed.support.Jdks;
import dev.gracefulagent.testbed.support.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;

/** The same scenarios on JDK 25, whose HTTP server implementation differs from 17's. */
class JdkHttpOnJava25IT extends JdkHttpGracefulShutdownIT {
    @BeforeAll
    static void requireJava25() {
        assumeTrue(Jdks.java25().isPresent(), "no JDK 25 under /usr/lib/jvm and no JAVA25_HOME");
    }

    @Override
    protected ServiceProcess.Builder configure(ServiceProcess.Builder builder) {
        return builder.javaHome(Jdks.java25().orElseThrow());
    }
}
