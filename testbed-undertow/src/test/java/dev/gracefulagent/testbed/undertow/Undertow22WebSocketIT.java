package dev.gracefulagent.testbed.undertow;

import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/** The WebSocket scenarios on Undertow 2.2: the servlet-free testbed running on undertow-core 2.2. */
class Undertow22WebSocketIT extends UndertowWebSocketIT {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-undertow-core-2.2");
    }
}
