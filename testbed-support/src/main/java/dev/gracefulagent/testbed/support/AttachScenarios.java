package dev.gracefulagent.testbed.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agent loaded into a service that already runs ({@code java -jar graceful-agent.jar attach <pid>}). */
public abstract class AttachScenarios extends ScenarioBase {

    /** Loads the built agent into the running service, as an operator would. */
    protected static void attachTo(ServiceProcess service) throws IOException, InterruptedException {
        Process attach = new ProcessBuilder(ServiceProcess.javaBinary(), "-jar", ServiceProcess.agentJar().toString(),
                "attach", Long.toString(service.pid())).redirectErrorStream(true).start();
        String attachOutput = new String(attach.getInputStream().readAllBytes());
        assertEquals(0, attach.waitFor(), attachOutput);
    }

    @Test
    void attachingToARunningServiceDrainsLikeAttachingAtStartUp() throws Exception {
        ServiceProcess service = start(testbed().withoutAgent());
        assertEquals(200, RawHttp.get(service.port(), "/work?ms=0").status());
        attachTo(service);

        CompletableFuture<List<TimedResponse>> pending = inFlight(service, 10, WORK_MS);
        service.sigterm();
        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        assertTrue(responses.stream().allMatch(r -> r.response().ok("done")), responses + service.stderr().text());
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        service.stderr().awaitContains("summary: drained " + responses.size() + " requests", Duration.ZERO);
    }
}
