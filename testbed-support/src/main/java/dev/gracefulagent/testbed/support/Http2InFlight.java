package dev.gracefulagent.testbed.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 connections with streams in flight at a signal, and what must become of them: at the signal a GOAWAY
 * names the last stream taken on each connection; those streams complete; a stream opened after the signal is
 * refused the HTTP/2 way (never answered, or RST_STREAM REFUSED_STREAM), so the client knows a retry elsewhere is
 * safe; the connection then closes.
 */
public final class Http2InFlight {
    private final List<H2Connection> connections;
    private final boolean goAwayAtStopIntake;
    private final List<List<Integer>> inFlight = new ArrayList<>();
    private final List<Integer> late = new ArrayList<>();

    /**
     * Opens streams of {@code path} on each connection until it has {@code perConnection} (an upgraded connection
     * has one already: the upgrade's own request).
     *
     * @param goAwayAtStopIntake whether the container sends its GOAWAY at stop intake (Jetty, Tomcat), or only once
     *                           the connection's streams are done, refusing later streams with RST_STREAM
     *                           REFUSED_STREAM until then (Undertow, whose GOAWAY is its last frame)
     */
    public Http2InFlight(List<H2Connection> connections, String path, int perConnection, boolean goAwayAtStopIntake)
            throws IOException {
        this.connections = connections;
        this.goAwayAtStopIntake = goAwayAtStopIntake;
        for (H2Connection connection : connections) {
            List<Integer> ids = new ArrayList<>(connection.streamIds());
            while (ids.size() < perConnection) {
                ids.add(connection.get(path));
            }
            inFlight.add(ids);
        }
    }

    /** The streams put in flight, on every connection. */
    public int streams() {
        return inFlight.stream().mapToInt(List::size).sum();
    }

    /**
     * Once intake stopped: a late stream on each connection while its streams run, after the GOAWAY naming a
     * stream where one comes at stop intake.
     */
    public void openLateStreams(ServiceProcess service) throws Exception {
        for (H2Connection connection : connections) {
            if (goAwayAtStopIntake) {
                assertGoAwayAtStopIntake(connection, service);
            }
            late.add(connection.get("/work?ms=0"));
        }
    }

    /** Every stream in flight completed, every late one was refused, and every connection closed. */
    public void assertCompletedAndLateOnesRefused(ServiceProcess service) throws Exception {
        for (int c = 0; c < connections.size(); c++) {
            assertStreamsCompleteAndTheLateOneIsRefused(connections.get(c), inFlight.get(c), late.get(c), service);
        }
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
        assertTrue(lateOutcome.equals(refused) || goAwayAtStopIntake && lateOutcome.startsWith("unanswered"),
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
}
