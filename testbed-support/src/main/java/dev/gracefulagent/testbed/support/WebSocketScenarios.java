package dev.gracefulagent.testbed.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * WebSocket sessions across a SIGTERM, end to end: the testbed in its own JVM, {@code /ws/echo} and
 * {@code /ws/ticker} sessions from the JDK's WebSocket client (spread over each of {@link #webSocketRoots()}).
 * With the agent every client gets close code 1001 (going away), a message in flight gets its echo first, and the
 * JVM exits 0; without it, clients lose the connection without a close frame.
 */
public abstract class WebSocketScenarios extends ScenarioBase {
    private static final int SESSIONS = 200;
    private static final int HANDLER_MS = 1500;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    /** Runs on the scenario's client pool, which is shut down after each test. */
    private final HttpClient http = HttpClient.newBuilder().executor(clients).build();

    @Test
    void everySessionIsClosedWith1001AfterTheMessageInFlight() throws Exception {
        ServiceProcess service = start(testbed());
        List<WsClient> idle = new ArrayList<>();
        List<WsClient> busy = new ArrayList<>();
        for (String root : webSocketRoots()) {
            idle.addAll(openWorking(service, root, SESSIONS / webSocketRoots().size() - handlersInFlight()));
            busy.addAll(open(service, root + "/echo?ms=" + HANDLER_MS, handlersInFlight()));
        }
        for (int i = 0; i < busy.size(); i++) {
            busy.get(i).send("in flight " + i);
        }
        TimeUnit.MILLISECONDS.sleep(300); // the messages reach their handlers; then the signal comes
        long signalled = System.nanoTime();
        service.sigterm();

        List<WsClient.Ending> idleEndings = endings(idle);
        List<WsClient.Ending> busyEndings = endings(busy);
        int exit = service.awaitExit(EXIT_WAIT);
        String log = service.stderr().text();
        assertEquals(Map.of(1001, (long) idle.size()), countByCode(idleEndings), log);
        for (int i = 0; i < busy.size(); i++) {
            WsClient.Ending ending = busyEndings.get(i);
            assertEquals(1001, ending.code(), log);
            assertEquals(List.of("in flight " + i), ending.messagesBefore(), "the echo comes before the close");
        }
        assertEquals(0, exit, log);
        long exitMillis = TimeUnit.NANOSECONDS.toMillis(service.exitNanos() - signalled);
        assertTrue(exitMillis < HANDLER_MS + 5000, "exit " + exitMillis + " ms after the signal\n" + log);
        service.stderr().awaitContains(idle.size() + busy.size() + " WebSocket sessions", Duration.ZERO);
        if (countsRunningHandlers()) {
            service.stderr().awaitContains("drained " + busy.size() + " WebSocket message", Duration.ZERO);
        }
    }

    @Test
    void anUpgradeArrivingAfterIntakeStoppedGets503() throws Exception {
        ServiceProcess service = start(testbed());
        List<WsClient> busy = new ArrayList<>();
        for (String root : webSocketRoots()) {
            busy.addAll(open(service, root + "/echo?ms=3000", 1));
        }
        for (WsClient client : busy) {
            client.send("keeps the drain going");
        }
        try (RawHttp late = RawHttp.connect(service.port())) {
            String head = upgradeHead(webSocketRoots().get(0) + "/echo");
            late.send(head.substring(0, head.length() - 2)); // the head is still arriving when the signal comes
            TimeUnit.MILLISECONDS.sleep(300);
            service.sigterm();
            service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));
            late.send("\r\n");
            RawHttp.Response rejected = late.readResponse();
            assertEquals(503, rejected.status(), rejected.toString());
        }
        for (WsClient.Ending ending : endings(busy)) {
            assertEquals(1001, ending.code());
            assertEquals(List.of("keeps the drain going"), ending.messagesBefore());
        }
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
    }

    @Test
    void aHandlerRunningPastTheDeadlineIsReportedAndTheExitCodeIsOne() throws Exception {
        ServiceProcess service = start(testbed().jvmOption("-Dgraceful.timeout=1s"));
        for (String root : webSocketRoots()) {
            open(service, root + "/echo?ms=10000", 1).get(0).send("never echoed in time");
        }
        TimeUnit.MILLISECONDS.sleep(300);
        service.sigterm();

        assertEquals(1, service.awaitExit(EXIT_WAIT), service.stderr().text());
        for (String root : webSocketRoots()) {
            String report = service.stderr().lines().stream().filter(l -> l.contains("WebSocket " + root + "/echo"))
                    .findFirst().orElse("");
            assertTrue(report.contains("age "), "stderr must name the session:\n" + service.stderr().text());
            assertFalse(report.contains("ms=10000"), "the query string stays out of the report: " + report);
        }
    }

    @Test
    void withoutTheAgentClientsLoseTheirSessionsAbnormally() throws Exception {
        Assumptions.assumeTrue(runsBaseline(), "baseline measured once, stated in the README");
        ServiceProcess service = start(testbed().withoutAgent());
        List<WsClient> sessions = new ArrayList<>();
        for (String root : webSocketRoots()) {
            sessions.addAll(openWorking(service, root, SESSIONS / webSocketRoots().size()));
        }
        service.sigterm();

        List<WsClient.Ending> endings = new ArrayList<>();
        for (WsClient client : sessions) {
            endings.add(client.ending().completeOnTimeout(new WsClient.Ending(0, "still open", List.of()),
                    CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS).get());
        }
        Map<Integer, Long> byCode = countByCode(endings);
        assertFalse(byCode.containsKey(1001), "baseline: no client is told the server goes away: " + byCode);
        boolean hung = service.isAlive();
        assertTrue(hung || byCode.equals(Map.of(WsClient.ABNORMAL, (long) sessions.size())),
                "baseline: abnormal closes (1006) or a hung shutdown, got " + byCode);
    }

    /**
     * Where the testbed serves its echo and ticker endpoints ("/ws": /ws/echo and /ws/ticker). A testbed that
     * serves several WebSocket APIs in one JVM names a root for each, and each scenario spreads its sessions over
     * them: the APIs share the JVM starts.
     */
    protected List<String> webSocketRoots() {
        return List.of("/ws");
    }

    /**
     * Sessions per WebSocket root whose message is being handled when the signal comes. Where the container runs
     * handlers on a few shared I/O threads, a message queued behind another session's handler is not running yet,
     * so the test keeps to one.
     */
    protected int handlersInFlight() {
        return 5;
    }

    /**
     * Whether the agent counts the container's running message handlers (and reports them past the deadline).
     * Where handlers run on the connection's own I/O thread, the close is queued behind them instead.
     */
    protected boolean countsRunningHandlers() {
        return true;
    }

    /**
     * False where the baseline without the agent is too slow for every build (a framework's own stop that waits
     * for the open sessions until its timeout); the README states what it measured.
     */
    protected boolean runsBaseline() {
        return true;
    }

    /** Half echo, half ticker sessions, each shown to work (an echo, a tick) before the test goes on. */
    private List<WsClient> openWorking(ServiceProcess service, String root, int count) throws Exception {
        List<WsClient> echo = open(service, root + "/echo", count / 2);
        List<WsClient> ticker = open(service, root + "/ticker", count - count / 2);
        for (int i = 0; i < echo.size(); i++) {
            echo.get(i).send("hello " + i);
        }
        for (int i = 0; i < echo.size(); i++) {
            assertEquals("hello " + i, echo.get(i).awaitFirstMessage(Duration.ofSeconds(10)));
        }
        for (WsClient client : ticker) {
            assertTrue(client.awaitFirstMessage(Duration.ofSeconds(10)).startsWith("tick "));
        }
        List<WsClient> all = new ArrayList<>(echo);
        all.addAll(ticker);
        return all;
    }

    private List<WsClient> open(ServiceProcess service, String path, int count) {
        List<CompletableFuture<WsClient>> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opening.add(WsClient.open(http, service.port(), path));
        }
        return opening.stream().map(CompletableFuture::join).collect(Collectors.toList());
    }

    private static List<WsClient.Ending> endings(List<WsClient> sessions) throws Exception {
        List<WsClient.Ending> endings = new ArrayList<>();
        for (WsClient client : sessions) {
            endings.add(client.ending().get(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        return endings;
    }

    private static Map<Integer, Long> countByCode(List<WsClient.Ending> endings) {
        return endings.stream().collect(Collectors.groupingBy(WsClient.Ending::code, Collectors.counting()));
    }

    private static String upgradeHead(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }
}
