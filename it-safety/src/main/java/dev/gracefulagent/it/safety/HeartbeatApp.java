package dev.gracefulagent.it.safety;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A client library's scheduler next to an application job: a RabbitMQ connection with a 1 s heartbeat, which the
 * client sends from a scheduler of its own, and a periodic job of the application's whose run lasts JOB_MS. The
 * application's shutdown hook reports whether the connection survived the drain, then closes it.
 */
final class HeartbeatApp {
    private HeartbeatApp() {
    }

    static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(System.getenv().getOrDefault("RABBIT_URL", "amqp://guest:guest@127.0.0.1:5672"));
        factory.setRequestedHeartbeat(1);
        factory.setAutomaticRecoveryEnabled(false);
        Connection connection = factory.newConnection("graceful-heartbeat-test");
        long jobMs = Long.parseLong(System.getenv().getOrDefault("JOB_MS", "6000"));
        ScheduledExecutorService jobs = Executors.newSingleThreadScheduledExecutor();
        jobs.scheduleWithFixedDelay(() -> {
            System.out.println("[app] job started");
            SafetyApps.sleep(jobMs);
            System.out.println("[app] job done");
        }, 0, 100, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("[app] connection open after the drain: " + connection.isOpen());
            try {
                connection.close();
            } catch (Exception e) {
                System.out.println("[app] close failed: " + e);
            }
        }, "app-shutdown-hook"));
        System.out.println("heartbeat ready on port " + SafetyApps.port());
    }
}
