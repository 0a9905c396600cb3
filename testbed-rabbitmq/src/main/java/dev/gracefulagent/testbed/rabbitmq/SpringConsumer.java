package dev.gracefulagent.testbed.rabbitmq;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A Spring Boot {@code @RabbitListener} with Boot's defaults (simple container, prefetch 250, auto ack mode). */
@SpringBootApplication
public class SpringConsumer {
    @Bean
    ConsumedMessages consumedMessages(DataSource dataSource) throws SQLException {
        return new ConsumedMessages(dataSource, "spring");
    }

    @Bean
    Listener listener(ConsumedMessages messages) {
        return new Listener(messages);
    }

    /** Processes each message; Spring acknowledges it when this returns. */
    public static final class Listener {
        private final ConsumedMessages messages;

        Listener(ConsumedMessages messages) {
            this.messages = messages;
        }

        @RabbitListener(queues = "${QUEUE:testbed}")
        public void onMessage(String messageId) throws SQLException, InterruptedException {
            messages.process(messageId);
        }
    }
}
