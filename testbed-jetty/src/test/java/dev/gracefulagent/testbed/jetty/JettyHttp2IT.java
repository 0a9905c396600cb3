package dev.gracefulagent.testbed.jetty;

import dev.gracefulagent.testbed.support.Http2Scenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** HTTP/2 (h2c and h2 over TLS) and HTTPS against testbed-jetty. */
class JettyHttp2IT extends Http2Scenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-jetty");
    }
}
