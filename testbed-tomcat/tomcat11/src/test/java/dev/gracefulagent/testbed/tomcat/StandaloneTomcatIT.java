package dev.gracefulagent.testbed.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.ScenarioBase;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The standalone distribution as operators run it: {@code catalina.sh run} with the agent in CATALINA_OPTS or in
 * bin/setenv.sh, the testbed's servlets as the ROOT web application. Catalina has a shutdown hook and a shutdown
 * port of its own; either way of stopping it must drain the requests in flight before Catalina stops.
 */
class StandaloneTomcatIT extends ScenarioBase {
    private static final int PER_PATH = 5;

    /** Not started here: the distribution runs the same servlets as this embedded testbed. */
    @Override
    protected Path testbedJar() {
        return Tomcat11GracefulShutdownIT.TESTBED_JAR;
    }

    @Test
    void sigtermDrainsRequestsInFlightBeforeCatalinaStops() throws Exception {
        CatalinaBase base = CatalinaBase.create("sigterm");
        ServiceProcess tomcat = run(base.run(Map.of("CATALINA_OPTS", "-javaagent:" + ServiceProcess.agentJar())));
        CompletableFuture<List<TimedResponse>> pending = inFlight(tomcat, PER_PATH, WORK_MS);

        tomcat.sigterm();

        assertAllDone(pending, tomcat);
        assertEquals(0, tomcat.awaitExit(EXIT_WAIT), tomcat.stderr().text());
        assertDrainedBeforeCatalinaStopped(tomcat);
    }

    @Test
    void catalinaStopThroughTheShutdownPortDrainsToo() throws Exception {
        CatalinaBase base = CatalinaBase.create("stop-command");
        base.setenv("CATALINA_OPTS=\"$CATALINA_OPTS -javaagent:" + ServiceProcess.agentJar() + "\"");
        ServiceProcess tomcat = run(base.run(Map.of()));
        CompletableFuture<List<TimedResponse>> pending = inFlight(tomcat, PER_PATH, WORK_MS);

        Process stop = base.catalina("stop", Map.of()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(stop.waitFor(30, TimeUnit.SECONDS), "catalina.sh stop did not return");
        assertEquals(0, stop.exitValue());

        assertAllDone(pending, tomcat);
        assertEquals(0, tomcat.awaitExit(EXIT_WAIT), tomcat.stderr().text());
        tomcat.stderr().awaitContains("Tomcat stop (shutdown command", Duration.ZERO);
        assertDrainedBeforeCatalinaStopped(tomcat);
    }

    private ServiceProcess run(ServiceProcess tomcat) {
        started.add(tomcat);
        return tomcat;
    }

    private static void assertAllDone(CompletableFuture<List<TimedResponse>> pending, ServiceProcess tomcat)
            throws Exception {
        List<TimedResponse> responses = pending.get(60, TimeUnit.SECONDS);
        assertTrue(responses.stream().allMatch(r -> r.response().ok("done")), responses + tomcat.stderr().text());
    }

    /** The agent's drain ends before Catalina logs that it stops its service. */
    private static void assertDrainedBeforeCatalinaStopped(ServiceProcess tomcat) throws InterruptedException {
        tomcat.stderr().awaitContains("summary: drained " + 2 * PER_PATH + " requests", Duration.ZERO);
        List<String> lines = tomcat.stderr().lines();
        int drained = indexOf(lines, "drain done");
        int stopping = indexOf(lines, "Stopping service [Catalina]");
        assertTrue(drained >= 0 && stopping > drained, "the drain must end before Catalina stops:\n"
                + String.join("\n", lines));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
