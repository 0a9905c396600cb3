package dev.gracefulagent.testbed.undertow;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared end-to-end scenarios against testbed-undertow, with servlet, async servlet and plain handler
 * requests in flight, plus what only Undertow needs shown: keep-alive connections of requests in flight are
 * told and then closed, and an exchange whose client went away still ends its count.
 */
class UndertowGracefulShutdownIT extends GracefulShutdownScenarios {
    private static final List<String> PATHS = List.of("/work", "/async", "/plain");

    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-undertow");
    }

    @Override
    protected List<String> workPaths() {
        return PATHS;
    }

    @Test
    void aRequestArrivingAtTheSignalIsServed() throws Exception {
        assertARequestArrivingAtTheSignalIsServed();
    }

    @Test
    void responsesInFlightSayConnectionCloseAndTheirConnectionsClose() throws Exception {
        assertResponsesInFlightSayConnectionCloseAndTheirConnectionsClose();
    }

    @Test
    void anExchangeWhoseClientWentAwayStillEnds() throws Exception {
        assertARequestWhoseClientWentAwayStillEnds();
    }
}
