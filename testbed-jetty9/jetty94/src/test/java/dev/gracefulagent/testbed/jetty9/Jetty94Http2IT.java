package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.support.Http2Scenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** HTTP/2 (h2c and h2 over TLS) and HTTPS on the Jetty 9.4 testbed. */
class Jetty94Http2IT extends Http2Scenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-jetty9");
    }

    @Override
    protected boolean runsBaseline() {
        return false;
    }
}
