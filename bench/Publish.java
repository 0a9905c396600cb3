import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends one message to a consumer testbed and returns once the broker has it: the unit of work for
 * {@code DrainLatency}'s {@code SEND_WORK}.
 *
 * <p>Usage: {@code java -cp "<amqp-client jar>:<kafka-clients jar>:<slf4j-api jar>" bench/Publish.java rabbitmq
 * <amqp uri> <queue> <body>} (to a durable queue the testbed declared, with publisher confirms), or {@code ... kafka
 * <bootstrap servers> <topic> <value>} (acks=all). {@code bench/consumer-exit.sh} sets the class path up.
 */
public class Publish {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "rabbitmq":
                toRabbitmq(args[1], args[2], args[3]);
                break;
            case "kafka":
                toKafka(args[1], args[2], args[3]);
                break;
            default:
                throw new IllegalArgumentException(args[0] + ": accepted are rabbitmq and kafka");
        }
    }

    static void toRabbitmq(String uri, String queue, String body) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        try (Connection connection = factory.newConnection("bench-publish"); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish("", queue, null, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
        }
    }

    static void toKafka(String bootstrap, String topic, String value) throws Exception {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "acks", "all",
                "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
        }
    }
}
