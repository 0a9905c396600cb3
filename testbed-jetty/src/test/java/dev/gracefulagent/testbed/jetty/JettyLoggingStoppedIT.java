package dev.gracefulagent.testbed.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.RawHttp;
import dev.gracefulagent.testbed.support.ScenarioBase;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agent's lines still reach stderr after the application's logging framework (Logback) has stopped. */
class JettyLoggingStoppedIT extends ScenarioBase {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-jetty");
    }

    @Test
    void theSummaryAppearsAfterLogbackStopped() throws Exception {
        ServiceProcess service = start(testbed().env("LOGBACK_CAPTURES_STDERR", "true"));
        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 2, WORK_MS);
        assertEquals(200, RawHttp.get(service.port(), "/admin/stop-logging").status());
        service.sigterm();

        assertTrue(pending.get(60, TimeUnit.SECONDS).stream().allMatch(r -> r.response().ok("done")));
        assertEquals(0, service.awaitExit(EXIT_WAIT));
        String everything = service.stdout().text() + "\n" + service.stderr().text();
        assertFalse(everything.contains("STDERR-PROBE"), "System.err is dead once Logback stopped:\n" + everything);
        service.stderr().awaitContains("[graceful] summary: drained ", Duration.ZERO);
    }
}
