package dev.gracefulagent.testbed.tomcat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gracefulagent.testbed.support.Jdks;
import dev.gracefulagent.testbed.support.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;

/**
 * Tomcat 11 and the agent on JDK 25, HTTP/2 and TLS: HTTPS requests and h2c (prior knowledge and upgrade) and h2
 * streams in flight complete, both listeners refuse new connections, idle connections close, late streams and a late
 * upgrade are refused, exit 0 with every request in the summary. The shared scenarios: {@link Tomcat11OnJava25IT}.
 */
class Tomcat11Http2OnJava25IT extends Tomcat11Http2IT {
    @BeforeAll
    static void requireJava25() {
        assumeTrue(Jdks.java25().isPresent(), "no JDK 25 under /usr/lib/jvm and no JAVA25_HOME");
    }

    @Override
    protected ServiceProcess.Builder configure(ServiceProcess.Builder builder) {
        return builder.javaHome(Jdks.java25().orElseThrow());
    }

    @Override
    protected boolean runsBaseline() {
        return false;
    }
}
