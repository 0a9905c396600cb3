package dev.gracefulagent.testbed.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.ScenarioBase;
import dev.gracefulagent.testbed.support.ServiceProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.GoAway;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 against testbed-vertx over cleartext (h2c with prior knowledge, on by default in Vert.x 5) and over TLS
 * (ALPN, a key pair made by keytool for the test), with Vert.x's own HTTP/2 client on one connection: the streams in flight at SIGTERM complete, the connection gets a GOAWAY
 * (no error) naming a last stream at least as high as theirs, a new request is refused, and the exit code is 0.
 */
class VertxHttp2IT extends ScenarioBase {
    private static final int STREAMS = 5;
    private static final int WORK_MS = 1500;
    private static final String PASSWORD = "changeit";

    private final Vertx vertx = Vertx.vertx();

    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-vertx");
    }

    @AfterEach
    void closeClient() {
        vertx.close();
    }

    @Test
    void overCleartextStreamsInFlightCompleteAndTheConnectionGetsAGoAway() throws Exception {
        assertStreamsInFlightCompleteAndTheConnectionGetsAGoAway(testbed(),
                new HttpClientOptions().setHttp2ClearTextUpgrade(false));
    }

    @Test
    void overTlsStreamsInFlightCompleteAndTheConnectionGetsAGoAway() throws Exception {
        Path keystore = Files.createTempDirectory("vertx-tls").resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD)
                .inheritIO().start();
        assertEquals(0, keytool.waitFor(), "keytool");
        assertStreamsInFlightCompleteAndTheConnectionGetsAGoAway(
                testbed().env("TLS_KEYSTORE", keystore.toString()).env("TLS_PASSWORD", PASSWORD),
                new HttpClientOptions().setSsl(true).setUseAlpn(true).setTrustAll(true).setVerifyHost(false));
    }

    private void assertStreamsInFlightCompleteAndTheConnectionGetsAGoAway(ServiceProcess.Builder testbed,
            HttpClientOptions options) throws Exception {
        ServiceProcess service = start(testbed);
        CompletableFuture<GoAway> goAway = new CompletableFuture<>();
        HttpClientAgent client = vertx.httpClientBuilder()
                .with(options.setProtocolVersion(HttpVersion.HTTP_2).setDefaultHost("127.0.0.1")
                        .setDefaultPort(service.port()))
                .with(new PoolOptions().setHttp2MaxSize(1))
                .withConnectHandler(connection -> connection.goAwayHandler(goAway::complete))
                .build();
        assertEquals("200 done", get(client, "/work?ms=0").get(10, TimeUnit.SECONDS), "the connection is up");

        List<HttpClientRequest> requests = new ArrayList<>();
        List<CompletableFuture<String>> pending = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            HttpClientRequest request = client.request(HttpMethod.GET, "/work?ms=" + WORK_MS)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            pending.add(answer(request.send()));
            requests.add(request);
        }
        TimeUnit.MILLISECONDS.sleep(300); // the streams reach the server; then the signal comes
        List<Integer> streamIds = requests.stream().map(HttpClientRequest::streamId).collect(Collectors.toList());
        service.sigterm();
        service.stderr().awaitContains("stop intake done", Duration.ofSeconds(10));

        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> get(client, "/work?ms=0").get(10, TimeUnit.SECONDS));
        for (CompletableFuture<String> response : pending) {
            assertEquals("200 done", response.get(30, TimeUnit.SECONDS), service.stderr().text());
        }
        GoAway received = goAway.get(10, TimeUnit.SECONDS);
        assertEquals(0, received.getErrorCode());
        int highest = streamIds.stream().max(Integer::compare).orElseThrow();
        assertTrue(received.getLastStreamId() >= highest, "GOAWAY names stream " + received.getLastStreamId()
                + ", the streams in flight were " + streamIds);
        assertEquals(0, service.awaitExit(EXIT_WAIT), service.stderr().text() + "\nnew request: " + refused);
        service.stderr().awaitContains("drained " + STREAMS + " HTTP/2 streams", Duration.ZERO);
    }

    private static CompletableFuture<String> get(HttpClientAgent client, String path) {
        return answer(client.request(HttpMethod.GET, path).compose(HttpClientRequest::send));
    }

    private static CompletableFuture<String> answer(Future<io.vertx.core.http.HttpClientResponse> response) {
        return response.compose(r -> r.body().map(body -> r.statusCode() + " " + body))
                .toCompletionStage().toCompletableFuture();
    }
}
