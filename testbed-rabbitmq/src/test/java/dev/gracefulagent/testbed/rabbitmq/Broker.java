package dev.gracefulagent.testbed.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The test's own client of the RabbitMQ broker the testbed consumes from: a queue per test, publishing ids. */
final class Broker implements AutoCloseable {
    static final String URL = System.getenv().getOrDefault("RABBIT_URL", "amqp://guest:guest@127.0.0.1:5672");

    private final Connection connection;
    private final Channel channel;

    private Broker(Connection connection) throws Exception {
        this.connection = connection;
        this.channel = connection.createChannel();
        channel.confirmSelect();
    }

    static Broker connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(URL);
        factory.setConnectionTimeout(2000);
        return new Broker(factory.newConnection("it-publisher"));
    }

    /** Why the broker cannot be used, or null when it can. */
    static String unreachable() {
        try (Broker broker = connect()) {
            return null;
        } catch (Exception e) {
            return "no RabbitMQ broker reachable at " + URL + " (" + e + "); set RABBIT_URL or start rabbitmq-server";
        }
    }

    void declare(String queue) throws Exception {
        channel.queueDeclare(queue, true, false, false, null);
        channel.queuePurge(queue);
    }

    /** Persistent messages, confirmed by the broker before this returns. */
    synchronized void publish(String queue, List<String> ids) throws Exception {
        for (String id : ids) {
            byte[] body = id.getBytes(StandardCharsets.UTF_8);
            channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, body);
        }
        channel.waitForConfirmsOrDie(10_000);
    }

    long messageCount(String queue) throws Exception {
        return channel.messageCount(queue);
    }

    void delete(String queue) throws Exception {
        channel.queueDelete(queue);
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
