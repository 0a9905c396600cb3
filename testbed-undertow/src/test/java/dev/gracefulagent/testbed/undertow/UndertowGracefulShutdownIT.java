package dev.gracefulagent.testbed.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.GracefulShutdownScenarios;
import dev.gracefulagent.testbed.support.RawHttp;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shared end-to-end scenarios against testbed-undertow, with servlet, async servlet and plain handler
 * requests in flight, plus what only Undertow needs shown: keep-alive connections of requests in flight are
 * told and then closed, and an exchange whose client went away still ends its count.
 */
class UndertowGracefulShutdownIT extends GracefulShutdownScenarios {
    private static final List<String> PATHS = List.of("/work", "/async", "/plain");

    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-undertow");
    }

    @Override
    protected List<String> workPaths() {
        return PATHS;
    }

    @Test
    void responsesInFlightSayConnectionCloseAndTheirConnectionsClose() throws Exception {
        ServiceProcess service = start(testbed());
        List<RawHttp> connections = new ArrayList<>();
        List<CompletableFuture<String>> outcomes = new ArrayList<>();
        try {
            for (String path : PATHS) {
                RawHttp http = RawHttp.connect(service.port());
                connections.add(http);
                http.send(RawHttp.requestHead("GET", path + "?ms=" + WORK_MS));
                outcomes.add(CompletableFuture.supplyAsync(() -> responseThenClose(http)));
            }
            TimeUnit.MILLISECONDS.sleep(300);
            service.sigterm();

            for (CompletableFuture<String> outcome : outcomes) {
                String seen = outcome.get(60, TimeUnit.SECONDS);
                assertTrue(seen.startsWith("200 done close"), seen);
                assertTrue(seen.endsWith(" then eof"), seen);
            }
        } finally {
            for (RawHttp http : connections) {
                http.close();
            }
        }
        assertEquals(0, service.awaitExit(Duration.ofSeconds(30)), service.stderr().text());
    }

    @Test
    void anExchangeWhoseClientWentAwayStillEnds() throws Exception {
        ServiceProcess service = start(testbed().jvmOption("-Dgraceful.timeout=5s"));
        for (String path : PATHS) {
            try (RawHttp http = RawHttp.connect(service.port())) {
                http.send(RawHttp.requestHead("GET", path + "?ms=500"));
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        TimeUnit.MILLISECONDS.sleep(1500); // the handlers finish and write to connections that are gone
        service.sigterm();

        assertEquals(0, service.awaitExit(Duration.ofSeconds(30)), service.stderr().text());
        // no request is left in flight: the drain line names only the kinds of work it waits for
        String drain = service.stderr().lines().stream().filter(l -> l.contains("] drain: ")).findFirst().orElse("");
        assertFalse(drain.isEmpty() || drain.contains("request"), service.stderr().text());
    }

    /** "200 done close then eof": status, body, Connection header, and how the connection ended after it. */
    private static String responseThenClose(RawHttp http) {
        try {
            RawHttp.Response response = http.readResponse();
            return response.status() + " " + response.body() + " " + response.header("Connection") + " then "
                    + http.awaitClose();
        } catch (Exception e) {
            return "failed: " + e;
        }
    }
}
