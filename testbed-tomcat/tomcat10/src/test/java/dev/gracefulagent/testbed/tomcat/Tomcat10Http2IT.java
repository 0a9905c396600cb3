package dev.gracefulagent.testbed.tomcat;

import dev.gracefulagent.testbed.support.Http2Scenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** HTTP/2 (h2c and h2 over TLS) and HTTPS on the Tomcat 10 testbed. */
class Tomcat10Http2IT extends Http2Scenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-tomcat10");
    }

    @Override
    protected boolean runsBaseline() {
        return false;
    }
}
