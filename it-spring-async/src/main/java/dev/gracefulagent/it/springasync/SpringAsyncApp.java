package dev.gracefulagent.it.springasync;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A Spring Boot service with background work and no shutdown code: at start it hands {@code ASYNC_JOBS} (default
 * 5) jobs of {@code JOB_MS} (default 3000) to an {@code @Async} method, and two {@code @Scheduled} jobs run for
 * {@code SCHEDULED_MS} (default 1000), one at a fixed rate of {@code SCHEDULE_MS} (default 1500), one with that
 * fixed delay between runs. Boot picks the executors: with
 * {@code spring.threads.virtual.enabled=true} (JDK 21+) a virtual thread per task ({@code SimpleAsyncTaskExecutor},
 * {@code SimpleAsyncTaskScheduler}), otherwise its thread pools. Jobs print {@code job <name> start|end at <ms>}.
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class SpringAsyncApp {
    public static void main(String[] args) {
        SpringApplication.run(SpringAsyncApp.class, args);
    }

    @Bean
    ApplicationRunner startJobs(Jobs jobs) {
        return args -> {
            int count = Integer.parseInt(System.getProperty("async.jobs", env("ASYNC_JOBS", "5")));
            for (int i = 1; i <= count; i++) {
                jobs.async("async-" + i);
            }
            System.out.println("testbed-spring-async started " + count + " async jobs on "
                    + (Boolean.getBoolean("spring.threads.virtual.enabled") ? "virtual threads" : "thread pools"));
        };
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
