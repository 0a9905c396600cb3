package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.support.ServiceProcess;
import dev.gracefulagent.testbed.support.WebSocketScenarios;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared WebSocket scenarios against the embedded Jetty testbed of one line before 12, over both WebSocket
 * APIs in each JVM start: JSR-356 at /ws/echo and /ws/ticker, Jetty's own API at /ws/jetty/echo and
 * /ws/jetty/ticker.
 */
abstract class JettyLineWebSocketScenarios extends WebSocketScenarios {
    private final String testbed;
    private final boolean baseline;

    /**
     * @param testbed  the name of the line's testbed jar, e.g. "testbed-jetty10"
     * @param baseline whether the no-agent baseline runs on this line (once is enough: it shows what the agent
     *                 changes, the same on every line)
     */
    JettyLineWebSocketScenarios(String testbed, boolean baseline) {
        this.testbed = testbed;
        this.baseline = baseline;
    }

    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar(testbed);
    }

    @Override
    protected boolean runsBaseline() {
        return baseline;
    }

    @Override
    protected List<String> webSocketRoots() {
        return List.of("/ws", "/ws/jetty");
    }
}
