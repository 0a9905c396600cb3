package dev.gracefulagent.testbed.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A consumer written against the RabbitMQ Java client as its guide shows: manual ack after the work, prefetch
 * {@code PREFETCH} (default 5), heartbeat {@code HEARTBEAT_S} when set. The client's I/O thread keeps the JVM up.
 */
final class PlainConsumer {
    private PlainConsumer() {
    }

    static void start() throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("consumer");
        pool.setJdbcUrl(Settings.get("DB_URL", ConsumedMessages.DEFAULT_URL));
        pool.setUsername(System.getenv("DB_USER"));
        pool.setPassword(System.getenv("DB_PASSWORD"));
        ConsumedMessages messages = new ConsumedMessages(new HikariDataSource(pool), "plain");

        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Settings.rabbitUrl());
        String heartbeat = System.getenv("HEARTBEAT_S");
        if (heartbeat != null) {
            factory.setRequestedHeartbeat(Integer.parseInt(heartbeat));
        }
        Connection connection = factory.newConnection("testbed-rabbitmq");
        Channel channel = connection.createChannel();
        channel.queueDeclare(Settings.queue(), true, false, false, null);
        channel.basicQos(Integer.parseInt(Settings.get("PREFETCH", "5")));
        channel.basicConsume(Settings.queue(), false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                       byte[] body) throws IOException {
                try {
                    messages.process(new String(body, StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IOException(e);
                }
                channel.basicAck(envelope.getDeliveryTag(), false);
            }
        });
    }
}
