package dev.gracefulagent.core;

import dev.gracefulagent.track.Unit;

/**
 * The rule for HTTP connections that were already open when intake stopped, stated once; every container
 * integration applies it where its requests begin.
 * <ul>
 *   <li>While the drain runs, a request arriving on such a connection is served and counted as work in flight;
 *       its response says {@code Connection: close} and the connection closes after it. A proxy that reused a
 *       pooled connection in the instant the signal came thus gets an answer, not an error.</li>
 *   <li>A request on a connection already told to close (a client that sent again regardless), a request to
 *       upgrade the connection (WebSocket, h2c: new long-lived intake, not work to finish), and any request once
 *       the drain is over, are refused: 503 with {@code Connection: close}.</li>
 *   <li>New connections are refused: their listeners closed at stop intake.</li>
 *   <li>Connections idle between two requests stay open for the idle grace and are closed when it ends (the
 *       timing is the sequence's, see {@link ShutdownSequence}).</li>
 * </ul>
 * A request is counted first and refused second, so the drain, which declares itself over and then waits once
 * more for what is in flight, never ends under a request it let in.
 */
public final class OpenConnections {
    private OpenConnections() {
    }

    /**
     * For a request that arrived after intake stopped and is already counted as {@code unit}: true when it must
     * be refused with 503 and {@code Connection: close}, its unit then given up (not counted as drained).
     *
     * @param toldToClose the connection has already carried, or carries now, a response that said
     *                    {@code Connection: close}
     * @param upgrade     the request's {@code Upgrade} header, or null
     */
    public static boolean refuses(Unit unit, boolean toldToClose, Object upgrade) {
        if (toldToClose || upgrade != null || ShutdownSequence.drainIsOver()) {
            unit.abandon();
            return true;
        }
        return false;
    }
}
