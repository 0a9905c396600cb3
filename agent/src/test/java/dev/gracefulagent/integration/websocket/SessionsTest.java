package dev.gracefulagent.integration.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.track.DrainSignal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared close logic, driven the way a container's hooks drive it. The container side is a recorder of
 * close calls; the end-to-end tests cover the real containers.
 */
class SessionsTest {
    private final List<String> closes = new ArrayList<>();
    private final Sessions sessions = new Sessions(new Recorder(), new DrainSignal());

    @Test
    void anIdleSessionIsClosedAtOnceWithGoingAwayAndTheDrainWaitsForItsHandshake() {
        Object session = new Object();
        sessions.opened(session);
        sessions.closing().shutdownBegan();

        assertEquals("close 1001 sent to 1 of 1 session(s)", sessions.goAway());
        assertEquals(List.of("1001 server shutting down on " + Thread.currentThread().getName()), closes);
        assertEquals(1, sessions.closing().count());
        sessions.closed(session);
        assertEquals(0, sessions.closing().count());
        assertEquals(1, sessions.closing().drained());
    }

    @Test
    void aBusySessionIsClosedByItsHandlerThreadRightAfterTheHandler() throws Exception {
        Object session = new Object();
        Object delivery = new Object();
        sessions.opened(session);
        sessions.messageBegins(session, delivery);

        assertTrue(sessions.goAway().contains("0 of 1 session(s), the others after their running message handler"));
        assertTrue(closes.isEmpty(), "no close while the handler runs");
        Thread handler = new Thread(() -> sessions.messageEnds(delivery), "handler");
        handler.start();
        handler.join();
        assertEquals(List.of("1001 server shutting down on handler"), closes);
        assertEquals(0, sessions.messages().count());
        assertEquals(1, sessions.closing().count(), "the close handshake is still awaited");
    }

    @Test
    void aDeliveryReportedTwiceCountsOnceAndCloseIsSentOnce() {
        Object session = new Object();
        Object delivery = new Object();
        sessions.opened(session);
        sessions.messageBegins(session, delivery);
        sessions.messageBegins(session, delivery);
        sessions.goAway();
        sessions.messageEnds(delivery);
        sessions.messageEnds(delivery);
        assertEquals(1, closes.size());
        assertEquals(0, sessions.messages().count());
    }

    @Test
    void aConnectionLostDuringADeliveryEndsBothUnits() {
        Object session = new Object();
        sessions.opened(session);
        sessions.messageBegins(session, new Object());
        sessions.goAway();
        sessions.closed(session);
        assertEquals(0, sessions.messages().count());
        assertEquals(0, sessions.closing().count());
        assertTrue(closes.isEmpty());
    }

    @Test
    void closedSessionsAndSessionsNeverSeenOpeningAreLeftAlone() {
        Object closed = new Object();
        sessions.opened(closed);
        sessions.closed(closed);
        sessions.messageBegins(new Object(), new Object());
        assertNull(sessions.goAway());
        assertEquals(0, sessions.messages().count());
    }

    @Test
    void aSessionThatCannotBeClosedIsNotWaitedFor() {
        Sessions failing = new Sessions(new Recorder() {
            @Override
            public void close(Object session, int code, String reason) {
                throw new IllegalStateException("closed already");
            }
        }, new DrainSignal());
        failing.opened(new Object());
        failing.goAway();
        assertEquals(0, failing.closing().count());
    }

    @Test
    void sessionsAreHeldWeakly() throws InterruptedException {
        sessions.opened(new Object());
        for (int i = 0; i < 50 && sessions.openCount() > 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, sessions.openCount());
    }

    private class Recorder implements SessionControl {
        @Override
        public void install(Instrumenter instrumenter, String integration, Sessions sessions) {
        }

        @Override
        public String handlerFrame() {
            return "Container.deliver";
        }

        @Override
        public void close(Object session, int code, String reason) {
            closes.add(code + " " + reason + " on " + Thread.currentThread().getName());
        }

        @Override
        public String path(Object session) {
            return "/ws/test";
        }
    }
}
