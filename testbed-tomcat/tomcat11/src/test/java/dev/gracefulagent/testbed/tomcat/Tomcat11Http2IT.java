package dev.gracefulagent.testbed.tomcat;

import dev.gracefulagent.testbed.support.Http2Scenarios;
import java.nio.file.Path;

/** HTTP/2 (h2c and h2 over TLS) and HTTPS on the Tomcat 11 testbed. */
class Tomcat11Http2IT extends Http2Scenarios {
    @Override
    protected Path testbedJar() {
        return Tomcat11GracefulShutdownIT.TESTBED_JAR;
    }
}
