package dev.gracefulagent.testbed.boot27;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An ordinary Spring Boot 2.7 web service with no shutdown code of its own: GET /work?ms=N answers "done" after N
 * ms. The embedded container is the one its starter brings; PORT selects the port, and Boot's own settings (such
 * as {@code server.shutdown=graceful}) come as system properties.
 */
@SpringBootApplication
@RestController
public class Boot27Testbed {
    public static void main(String[] args) {
        SpringApplication.run(Boot27Testbed.class, args);
    }

    @GetMapping("/work")
    public String work(@RequestParam(defaultValue = "0") long ms) throws InterruptedException {
        Thread.sleep(ms);
        return "done";
    }

    @EventListener
    public void ready(WebServerInitializedEvent event) {
        System.out.println("testbed-boot27 ready on port " + event.getWebServer().getPort() + " (Spring Boot "
                + SpringBootVersion.getVersion() + ", " + event.getWebServer().getClass().getSimpleName() + ")");
    }
}
