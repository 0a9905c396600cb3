package dev.gracefulagent.testbed.support;


import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;

/**
 * What end-to-end scenarios share: a testbed jar launched in its own JVM with the built agent, clients that put
 * requests in flight over raw sockets, and clean-up of every process a test started.
 */
public abstract class ScenarioBase {
    /** How long the in-flight requests of the main scenario take. */
    protected static final int WORK_MS = 1500;
    protected static final Duration EXIT_WAIT = Duration.ofSeconds(30);
    /**
     * The idle grace of scenarios that send a late request on an idle connection: long enough that it surely comes
     * within it on a busy machine, shorter than their work in flight.
     */
    protected static final int IDLE_GRACE_MS = 2000;

    protected final List<ServiceProcess> started = new ArrayList<>();
    protected final ExecutorService clients = Executors.newCachedThreadPool();

    /** The testbed jar under test. */
    protected abstract Path testbedJar();

    /** Endpoints that block for {@code ms} and answer "done"; each gets 20 requests in the main scenario. */
    protected List<String> workPaths() {
        return List.of("/work", "/async");
    }

    /** Extra JVM options for every run (e.g. a Java version switch). */
    protected ServiceProcess.Builder configure(ServiceProcess.Builder builder) {
        return builder;
    }

    protected final ServiceProcess.Builder testbed() {
        return configure(ServiceProcess.builder(testbedJar()));
    }

    /**
     * A request sent once the service is ready and answered before the scenario begins, or null for none: for
     * services whose first request is slow (servlets initialized on first use, the request path's classes loaded
     * then), so that on a busy machine the scenario's requests still reach the server before the signal.
     */
    protected String warmUpPath() {
        return null;
    }

    protected final ServiceProcess start(ServiceProcess.Builder builder) throws Exception {
        ServiceProcess service = builder.start();
        started.add(service);
        String warmUp = warmUpPath();
        if (warmUp != null) {
            RawHttp.Response response = RawHttp.get(service.port(), warmUp);
            Assertions.assertEquals(200, response.status(), "warm-up request: " + response);
            // the server ends its request a moment after the client has the response; a scenario that counts the
            // requests drained after its signal must not see this one end then
            TimeUnit.MILLISECONDS.sleep(500);
        }
        if (warmUpConnections() > 0) {
            inFlight(service, warmUpConnections(), 0).get(60, TimeUnit.SECONDS);
        }
        return service;
    }

    /**
     * Connections per work path that warm up a fresh service before a scenario uses it; none by default. A
     * framework that sets up its request path lazily, per event loop (Vert.x, Spring WebFlux), takes longer for its
     * first requests than the 300 ms the scenarios give the server to take the requests they put in flight.
     */
    protected int warmUpConnections() {
        return 0;
    }

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        clients.shutdownNow();
        for (ServiceProcess service : started) {
            service.close();
        }
    }

    /**
     * A late request served: 200 with {@code Connection: close}. A client that ignores that and sends again on
     * the same connection gets 503 or finds the connection closed, never a second answer.
     */
    protected static void assertServedThenClosed(RawHttp.Response served, RawHttp connection) {
        Assertions.assertTrue(served.ok("done"), served.toString());
        Assertions.assertTrue(served.header("Connection").toLowerCase().contains("close"), served.toString());
        String again;
        try {
            connection.send(RawHttp.requestHead("GET", "/work?ms=0"));
            RawHttp.Response second = connection.readResponse();
            again = second.status() == 503 && second.header("Connection").toLowerCase().contains("close")
                    ? "refused" : second.toString();
        } catch (IOException e) {
            again = "closed";
        }
        Assertions.assertTrue(again.equals("refused") || again.equals("closed"), "a second request got " + again);
    }

    /** A new connection to the service is refused: its listener is closed. */
    protected static void assertRefusesNewConnections(ServiceProcess service) {
        assertRefusesNewConnections(service.port());
    }

    /** A new connection to {@code port} is refused. */
    protected static void assertRefusesNewConnections(int port) {
        Assertions.assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }, "port " + port);
    }

    /**
     * SIGTERMs an idle service and checks that the agent logged no warning and that {@code intakeLine} (e.g.
     * "jetty: closed 1 listener(s)") shows which integration stopped its intake: for integrations of one library's
     * version lines, where the line that does not match must stand aside silently.
     */
    protected final void assertQuietIdleShutdown(String intakeLine) throws Exception {
        ServiceProcess service = start(testbed());
        service.sigterm();
        Assertions.assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        List<String> warnings = service.stderr().lines().stream()
                .filter(line -> line.startsWith("[graceful] WARN")).collect(Collectors.toList());
        Assertions.assertEquals(List.of(), warnings);
        service.stderr().awaitContains(intakeLine, Duration.ZERO);
    }

    /** How long the scenarios give the server to take what they sent before they signal. */
    protected static final long SIGNAL_DELAY_MS = 300;

    /**
     * The only connection open at the signal carries a request whose head is still arriving: nothing is idle to
     * start the idle grace, and the drain counts a request once it began. The connection is arriving, so the grace
     * waits for it, and the request, completed after intake stopped, is served (with {@code Connection: close}).
     */
    protected final void assertARequestArrivingAtTheSignalIsServed() throws Exception {
        assertARequestSentAcrossTheSignalIsServed(true);
    }

    /**
     * The only connection open at the signal was accepted and has sent nothing yet: the grace waits for it as for
     * an idle one, and a request it sends then is served (with {@code Connection: close}).
     */
    protected final void assertARequestOnAConnectionAcceptedAtTheSignalIsServed() throws Exception {
        assertARequestSentAcrossTheSignalIsServed(false);
    }

    /** {@code headBegun}: all of the head but its last line end is sent before the signal, else nothing. */
    private void assertARequestSentAcrossTheSignalIsServed(boolean headBegun) throws Exception {
        ServiceProcess service = start(testbed());
        try (RawHttp arriving = RawHttp.connect(service.port())) {
            String head = RawHttp.requestHead("GET", "/work?ms=10");
            int sentBefore = headBegun ? head.length() - 2 : 0;
            if (sentBefore > 0) {
                arriving.send(head.substring(0, sentBefore));
            }
            Thread.sleep(SIGNAL_DELAY_MS); // the server takes the connection, and reads what was sent
            service.sigterm();
            // the rest of the head (or all of it) once the drain has begun: a request completed while the drain is
            // still beginning is refused as after it, since the drain takes in no request it has not seen begin
            service.stderr().awaitContains("[graceful] drain: ", Duration.ofSeconds(10));
            TimeUnit.MILLISECONDS.sleep(SIGNAL_DELAY_MS);
            arriving.send(head.substring(sentBefore));
            RawHttp.Response response;
            try {
                response = arriving.readResponse();
            } catch (IOException e) {
                throw new AssertionError(e + "\n" + service.stderr().text(), e);
            }
            Assertions.assertEquals(200, response.status(), response + "\n" + service.stderr().text());
            assertServedThenClosed(response, arriving);
        }
        Assertions.assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text());
        Assertions.assertEquals(1, Summaries.drainedRequests(service.stderr().lines()), service.stderr().text());
    }

    /**
     * Puts {@code perPath} requests of {@code ms} on each work path in flight, each on its own connection, and
     * returns once every request has been written to its socket and 300 ms more have passed, so that on a busy
     * machine the signal still comes after the server took them.
     */
    protected final CompletableFuture<List<TimedResponse>> inFlight(ServiceProcess service, int perPath, int ms)
            throws InterruptedException {
        return inFlight(service.port(), false, perPath, ms);
    }

    /** Like {@link #inFlight(ServiceProcess, int, int)}, to {@code port}, over TLS when {@code tls}. */
    protected final CompletableFuture<List<TimedResponse>> inFlight(int port, boolean tls, int perPath, int ms)
            throws InterruptedException {
        CountDownLatch sent = new CountDownLatch(perPath * workPaths().size());
        List<CompletableFuture<TimedResponse>> futures = new ArrayList<>();
        for (String path : workPaths()) {
            for (int i = 0; i < perPath; i++) {
                futures.add(CompletableFuture.supplyAsync(
                        () -> TimedResponse.get(port, tls, path + "?ms=" + ms, sent::countDown), clients));
            }
        }
        if (!sent.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("requests could not be sent");
        }
        TimeUnit.MILLISECONDS.sleep(SIGNAL_DELAY_MS);
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).collect(Collectors.toList()));
    }

    /** A response and when it arrived. */
    public record TimedResponse(RawHttp.Response response, long receivedNanos) {
        static TimedResponse get(int port, boolean tls, String path, Runnable afterSending) {
            RawHttp.Response response = RawHttp.get(port, tls, path, afterSending);
            return new TimedResponse(response, System.nanoTime());
        }
    }
}
