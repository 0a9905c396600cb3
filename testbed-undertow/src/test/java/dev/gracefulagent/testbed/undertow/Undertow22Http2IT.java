package dev.gracefulagent.testbed.undertow;

import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** HTTP/2 (h2c and h2 over TLS) and HTTPS on Undertow 2.2 (the servlet-free testbed). */
class Undertow22Http2IT extends UndertowHttp2IT {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-undertow-core-2.2");
    }

    @Override
    protected boolean runsBaseline() {
        return false;
    }
}
