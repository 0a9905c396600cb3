package dev.gracefulagent.testbed.webflux;

import dev.gracefulagent.testbed.common.BackgroundWork;
import dev.gracefulagent.testbed.common.Database;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An ordinary Spring Boot 3.5 WebFlux service on Reactor Netty, the kind users attach the agent to: blocking work
 * on Reactor's bounded elastic scheduler (GET /work, POST /db/write, GET /db/count, GET /jobs), a timer on the
 * event loop (GET /async), WebSocket echo and ticker (/ws/echo, /ws/ticker), Boot's defaults (graceful shutdown mode on), no shutdown code of its own. PORT selects
 * the port (default 8080).
 */
@SpringBootApplication
@RestController
public class WebfluxTestbed {
    private final Database database;
    private final BackgroundWork work;

    public WebfluxTestbed(Database database) {
        this.database = database;
        this.work = BackgroundWork.start(database);
    }

    public static void main(String[] args) {
        SpringApplication.run(WebfluxTestbed.class, args);
    }

    @Bean
    static Database database() throws SQLException {
        return Database.fromEnvironment();
    }

    @EventListener
    public void ready(ReactiveWebServerInitializedEvent event) {
        System.out.println("testbed-webflux ready on port " + event.getWebServer().getPort() + " (Spring Boot "
                + SpringBootVersion.getVersion() + ")");
    }

    @GetMapping("/work")
    public Mono<String> work(@RequestParam(name = "ms", defaultValue = "0") long ms) {
        return blocking(() -> {
            Thread.sleep(ms);
            return "done";
        });
    }

    @GetMapping("/async")
    public Mono<String> async(@RequestParam(name = "ms", defaultValue = "0") long ms) {
        return Mono.delay(Duration.ofMillis(ms)).thenReturn("done");
    }

    @PostMapping("/db/write")
    public Mono<String> write(@RequestParam(name = "ms", defaultValue = "0") long ms) {
        return blocking(() -> Long.toString(database.write(ms)));
    }

    @GetMapping("/db/count")
    public Mono<String> count() {
        return blocking(() -> Long.toString(database.count()));
    }

    @GetMapping("/jobs")
    public Mono<String> jobs() {
        return blocking(database::jobs);
    }

    @PostMapping("/handoff")
    public ResponseEntity<Void> handOff(@RequestParam(name = "ms", defaultValue = "0") long ms) {
        work.handOff(ms);
        return ResponseEntity.accepted().build();
    }

    @Bean
    HandlerMapping webSockets() {
        return new SimpleUrlHandlerMapping(Map.of("/ws/echo", (WebSocketHandler) WebfluxTestbed::echo,
                "/ws/ticker", (WebSocketHandler) WebfluxTestbed::ticker), -1);
    }

    /**
     * Sends every text message back, after {@code ?ms=N} of work in the handler (on the event loop that received
     * the message, where Reactor Netty hands it over).
     */
    private static Mono<Void> echo(WebSocketSession session) {
        String query = session.getHandshakeInfo().getUri().getQuery();
        long ms = query == null ? 0 : Long.parseLong(query.replaceFirst("^ms=", ""));
        return session.send(session.receive().map(message -> {
            String text = message.getPayloadAsText();
            sleep(ms);
            return session.textMessage(text);
        }));
    }

    /** Sends "tick N" every second. */
    private static Mono<Void> ticker(WebSocketSession session) {
        return session.send(Flux.interval(Duration.ofSeconds(1)).map(i -> session.textMessage("tick " + (i + 1))));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Mono<String> blocking(Callable<String> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
