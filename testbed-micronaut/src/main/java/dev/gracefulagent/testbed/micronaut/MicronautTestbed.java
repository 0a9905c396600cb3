package dev.gracefulagent.testbed.micronaut;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary Micronaut 4 service on its Netty HTTP server, with Micronaut's defaults: GET /work blocks on the
 * blocking executor (virtual threads on JDK 21 and later), GET /async answers from a delayed future. No shutdown
 * code of its own. PORT selects the port (default 8080, through {@code micronaut.server.port}).
 */
@Controller
public class MicronautTestbed {
    public static void main(String[] args) {
        System.setProperty("micronaut.server.port", System.getenv().getOrDefault("PORT", "8080"));
        Micronaut.run(MicronautTestbed.class, args);
    }

    @Get("/work")
    @Produces(MediaType.TEXT_PLAIN)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public String work(@QueryValue(defaultValue = "0") long ms) throws InterruptedException {
        Thread.sleep(ms);
        return "done";
    }

    @Get("/async")
    @Produces(MediaType.TEXT_PLAIN)
    public CompletionStage<String> async(@QueryValue(defaultValue = "0") long ms) {
        return CompletableFuture.supplyAsync(() -> "done", CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS));
    }

    /** Prints the line the end-to-end tests wait for. */
    @Singleton
    static final class Ready implements ApplicationEventListener<ServerStartupEvent> {
        @Override
        public void onApplicationEvent(ServerStartupEvent event) {
            System.out.println("testbed-micronaut ready on port " + event.getSource().getPort());
        }
    }
}
