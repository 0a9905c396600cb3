package dev.gracefulagent.testbed.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 and TLS, end to end, on a testbed started with h2c on its port and a TLS listener (ALPN h2 and
 * http/1.1) on a second one: one service start serves the h2c, h2 and HTTPS checks. At the signal a GOAWAY names
 * the last stream taken on each HTTP/2 connection; those streams complete; a stream opened after the GOAWAY is
 * refused the HTTP/2 way (never answered, or RST_STREAM REFUSED_STREAM), so the client knows a retry elsewhere is
 * safe; idle HTTP/2 connections close; HTTPS requests in flight complete; both listeners refuse new connections.
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
        List<H2Connection> connections = List.of(H2Connection.plain(service.port()), H2Connection.tls(tlsPort));
        try (H2Connection idle = H2Connection.plain(service.port())) {
            assertEquals("200 done", idle.outcome(idle.get(http2WorkPath() + "?ms=0")).get(30, TimeUnit.SECONDS));
            // HTTPS first: each of its connections takes a TLS handshake, the HTTP/2 streams take none
            var https = inFlight(tlsPort, true, 5, WORK_MS);
            List<List<Integer>> inFlight = new ArrayList<>();
            for (H2Connection connection : connections) {
                List<Integer> ids = new ArrayList<>();
                for (int i = 0; i < STREAMS; i++) {
                    ids.add(connection.get(http2WorkPath() + "?ms=" + WORK_MS));
                }
                inFlight.add(ids);
            }
            TimeUnit.MILLISECONDS.sleep(300); // the server takes the streams
            service.sigterm();
            service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));

            assertRefusesNewConnections(service.port());
            assertRefusesNewConnections(tlsPort);
            List<Integer> late = new ArrayList<>();
            for (H2Connection connection : connections) { // a late stream on each connection while its streams run
                if (goAwayAtStopIntake()) {
                    assertGoAwayAtStopIntake(connection, service);
                }
                late.add(connection.get("/work?ms=0"));
            }
            for (int c = 0; c < connections.size(); c++) {
                assertStreamsCompleteAndTheLateOneIsRefused(connections.get(c), inFlight.get(c), late.get(c), service);
            }
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
        assertEquals(2 * STREAMS + 5 * workPaths().size(), Summaries.drainedRequests(service.stderr().lines()),
                service.stderr().text());
    }

    /**
     * Whether the container sends its GOAWAY at stop intake (Jetty, Tomcat), or only once the connection's streams
     * are done, refusing later streams with RST_STREAM REFUSED_STREAM until then (Undertow, whose GOAWAY is its
     * last frame: the connection closes right after it).
     */
    protected boolean goAwayAtStopIntake() {
        return true;
    }

    /**
     * A GOAWAY comes at stop intake, before the streams in flight end. It may be the first of two (RFC 9113, 6.8:
     * first one naming no stream, a round trip later one naming the last stream taken): the late stream is opened
     * once the one naming a stream came, later on when the server sends it only as its streams end.
     */
    private static void assertGoAwayAtStopIntake(H2Connection connection, ServiceProcess service) throws Exception {
        H2Connection.GoAway first = connection.awaitGoAway(g -> true, 10_000);
        assertNotNull(first, "no GOAWAY at stop intake\n" + service.stderr().text());
        assertEquals(0, first.streamsEndedBefore(), "the GOAWAY comes at stop intake, before the streams in "
                + "flight end: " + first + "\n" + service.stderr().text());
        assertNotNull(connection.awaitGoAway(g -> g.lastStreamId() != H2Connection.ANY_STREAM, 30_000),
                "no GOAWAY naming a stream: " + connection.goAways() + "\n" + service.stderr().text());
    }

    /**
     * The streams in flight complete; the late one is refused (RST_STREAM REFUSED_STREAM, or never answered as
     * a stream above the GOAWAY's last one); a GOAWAY naming the streams in flight comes before the close.
     */
    private void assertStreamsCompleteAndTheLateOneIsRefused(H2Connection connection, List<Integer> ids, int late,
            ServiceProcess service) throws Exception {
        for (int id : ids) {
            assertEquals("200 done", connection.awaitOutcome(id, 60), "stream " + id);
        }
        String lateOutcome = connection.awaitOutcome(late, 30);
        String refused = "reset " + H2Connection.REFUSED_STREAM;
        assertTrue(lateOutcome.equals(refused) || goAwayAtStopIntake() && lateOutcome.startsWith("unanswered"),
                "late stream " + late + ": " + lateOutcome + ", GOAWAYs " + connection.goAways() + "\n"
                        + service.stderr().text());
        assertEquals("eof", connection.closed().get(30, TimeUnit.SECONDS), "the connection closes after its streams");
        H2Connection.GoAway goAway = connection.awaitGoAway(g -> g.lastStreamId() != H2Connection.ANY_STREAM, 0);
        assertNotNull(goAway, "a GOAWAY naming a stream before the close: " + connection.goAways());
        assertEquals(0, goAway.errorCode(), "GOAWAY NO_ERROR: " + goAway);
        assertTrue(goAway.lastStreamId() >= ids.get(ids.size() - 1), "GOAWAY " + goAway + " must name the streams "
                + "in flight " + ids);
        assertTrue(lateOutcome.equals(refused) || late > goAway.lastStreamId(),
                "a late stream left unanswered is above the GOAWAY's last stream: " + goAway);
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
