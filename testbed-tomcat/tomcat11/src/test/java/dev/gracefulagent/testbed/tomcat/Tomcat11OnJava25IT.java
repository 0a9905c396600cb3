package dev.gracefulagent.testbed.tomcat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gracefulagent.testbed.support.Jdks;
import dev.gracefulagent.testbed.support.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared scenarios with the Tomcat 11 testbed and the agent running on JDK 25 (the newest line only: the hooks
 * are the same in 9 and 10.1). HTTP/2 and TLS on JDK 25: {@link Tomcat11Http2OnJava25IT}.
 */
class Tomcat11OnJava25IT extends Tomcat11GracefulShutdownIT {
    @BeforeAll
    static void requireJava25() {
        assumeTrue(Jdks.java25().isPresent(), "no JDK 25 under /usr/lib/jvm and no JAVA25_HOME");
    }

    @Override
    protected ServiceProcess.Builder configure(ServiceProcess.Builder builder) {
        return builder.javaHome(Jdks.java25().orElseThrow());
    }
}
