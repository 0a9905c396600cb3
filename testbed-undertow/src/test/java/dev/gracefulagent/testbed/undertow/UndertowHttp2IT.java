package dev.gracefulagent.testbed.undertow;

import dev.gracefulagent.testbed.support.Http2Scenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** HTTP/2 (h2c and h2 over TLS) and HTTPS on Undertow 2.3 (servlets on /work). */
class UndertowHttp2IT extends Http2Scenarios {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-undertow");
    }

    /** Undertow's GOAWAY closes the connection at once: it comes once the streams are done (see the README). */
    @Override
    protected boolean goAwayAtStopIntake() {
        return false;
    }
}
