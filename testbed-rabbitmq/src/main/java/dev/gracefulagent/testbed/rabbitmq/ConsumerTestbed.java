package dev.gracefulagent.testbed.rabbitmq;

import org.springframework.boot.SpringApplication;

/**
 * The consumer testbed: {@code CONSUMER=plain} (default) runs a RabbitMQ Java client consumer, {@code CONSUMER=spring}
 * a Spring Boot {@code @RabbitListener}. Both read {@code RABBIT_URL} (default amqp://guest:guest@127.0.0.1:5672),
 * {@code QUEUE} (default testbed), {@code MESSAGE_MS} (default 1000) and the database settings of
 * {@link ConsumedMessages}. No shutdown code of its own.
 */
public final class ConsumerTestbed {
    private ConsumerTestbed() {
    }

    public static void main(String[] args) throws Exception {
        String consumer = Settings.get("CONSUMER", "plain");
        switch (consumer) {
            case "plain":
                PlainConsumer.start();
                break;
            case "spring":
                SpringApplication.run(SpringConsumer.class, args);
                break;
            default:
                throw new IllegalArgumentException("CONSUMER=" + consumer + ": accepted are plain and spring");
        }
        System.out.println("consuming from queue " + Settings.queue() + " (" + consumer + ")");
    }
}
