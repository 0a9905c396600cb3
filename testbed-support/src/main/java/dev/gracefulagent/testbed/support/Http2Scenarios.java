package dev.gracefulagent.testbed.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 and TLS, end to end, on a testbed started with h2c on its port (prior knowledge and upgrade) and a TLS
 * listener (ALPN h2 and http/1.1) on a second one: one service start serves the h2c, h2 and HTTPS checks. The
 * streams in flight on each HTTP/2 connection are shut down as {@link Http2InFlight} says; idle HTTP/2 connections
 * close; HTTPS requests in flight complete; both listeners refuse new connections.
 */
public abstract class Http2Scenarios extends ScenarioBase {
    private static final int STREAMS = 10;

    /** The work path the HTTP/2 streams use. */
    protected String http2WorkPath() {
        return "/work";
    }

    private ServiceProcess.Builder withHttp2AndTls(ServiceProcess.Builder builder, int tlsPort) throws Exception {
        return Tls.listener(builder.env("H2", "true"), tlsPort);
    }

    @Test
    void streamsInFlightCompleteAfterAGoAwayNamingThemAndLaterStreamsAreRefused() throws Exception {
        int tlsPort = ServiceProcess.freePort();
        ServiceProcess service = start(withHttp2AndTls(testbed(), tlsPort));
        List<H2Connection> connections =
                new ArrayList<>(List.of(H2Connection.plain(service.port()), H2Connection.tls(tlsPort)));
        String work = http2WorkPath() + "?ms=" + WORK_MS;
        int streams;
        try (H2Connection idle = H2Connection.plain(service.port());
             RawHttp keptAlive = RawHttp.connect(service.port())) {
            assertEquals("200 done", idle.outcome(idle.get(http2WorkPath() + "?ms=0")).get(30, TimeUnit.SECONDS));
            assertEquals(200, keptAlive.exchange("GET", "/work?ms=0").status());
            // HTTPS first: each of its connections takes a TLS handshake, the HTTP/2 streams take none
            var https = inFlight(tlsPort, true, 5, WORK_MS);
            if (upgradesToH2c()) { // its first stream in flight is the upgrade's own request
                connections.add(H2Connection.upgrade(service.port(), work));
            }
            Http2InFlight http2 = new Http2InFlight(connections, work, STREAMS, goAwayAtStopIntake());
            streams = http2.streams();
            TimeUnit.MILLISECONDS.sleep(300); // the server takes the streams
            service.sigterm();
            service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));
            if (upgradesToH2c()) {
                assertALateUpgradeIsRefused(keptAlive, service);
            }

            assertRefusesNewConnections(service.port());
            assertRefusesNewConnections(tlsPort);
            http2.openLateStreams(service);
            http2.assertCompletedAndLateOnesRefused(service);
            assertEquals("eof", idle.closed().get(10, TimeUnit.SECONDS), "the idle HTTP/2 connection is closed");
            assertNotNull(idle.awaitGoAway(g -> true, 0), "the idle connection gets a GOAWAY first");
            List<TimedResponse> failed = https.get(60, TimeUnit.SECONDS).stream()
                    .filter(r -> !r.response().ok("done")).toList();
            assertEquals(List.of(), failed, "HTTPS requests in flight");
        } finally {
            for (H2Connection connection : connections) {
                connection.close();
            }
        }
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        assertEquals(streams + 5 * workPaths().size(), Summaries.drainedRequests(service.stderr().lines()),
                service.stderr().text());
    }

    /**
     * An upgrade to h2c asked for after intake stopped, on an HTTP/1.1 connection kept alive from before, would open
     * new intake: it is refused with 503 and {@code Connection: close}, as any upgrade then (see the agent's
     * {@code OpenConnections}).
     */
    private static void assertALateUpgradeIsRefused(RawHttp keptAlive, ServiceProcess service) throws Exception {
        keptAlive.setReadTimeout(10_000);
        keptAlive.send(H2Connection.upgradeRequest(service.port(), "/work?ms=0"));
        String seen;
        try {
            RawHttp.Response response = keptAlive.readResponse();
            seen = response.status() + " " + response.header("Connection").toLowerCase();
        } catch (IOException e) {
            seen = e.toString();
        }
        assertEquals("503 close", seen, "a late upgrade to h2c\n" + service.stderr().text());
    }

    /**
     * Whether the testbed's h2c port also takes an HTTP/1.1 upgrade to h2c: then a third connection, made by
     * upgrade before the signal, is a plain HTTP/2 connection with its streams in flight (the upgrade's own request,
     * stream 1, among them) and must be shut down like the others.
     */
    protected boolean upgradesToH2c() {
        return true;
    }

    /** Whether the container sends its GOAWAY at stop intake: see {@link Http2InFlight}. */
    protected boolean goAwayAtStopIntake() {
        return true;
    }

    /**
     * Whether this line runs the baseline without the agent: the newest line of each container does; an older
     * line of the same container would show the same (CI time).
     */
    protected boolean runsBaseline() {
        return true;
    }

    /** What the container does alone with streams in flight at SIGTERM: the JVM is killed. */
    @Test
    void withoutTheAgentStreamsInFlightAreLost() throws Exception {
        Assumptions.assumeTrue(runsBaseline(), "the baseline runs on the container's newest line");
        ServiceProcess service = start(testbed().withoutAgent().env("H2", "true"));
        try (H2Connection connection = H2Connection.plain(service.port())) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                ids.add(connection.get(http2WorkPath() + "?ms=" + WORK_MS));
            }
            TimeUnit.MILLISECONDS.sleep(300);
            service.sigterm();
            int completed = 0;
            for (int id : ids) {
                completed += connection.outcome(id).get(60, TimeUnit.SECONDS).equals("200 done") ? 1 : 0;
            }
            assertTrue(completed < STREAMS, "baseline: expected lost streams, all completed; GOAWAYs "
                    + connection.goAways());
        }
        assertNotEquals(0, service.awaitExit(EXIT_WAIT), "baseline: a SIGTERMed JVM without the agent exits 143");
    }
}
