package dev.gracefulagent.testbed.kafka;

import dev.gracefulagent.testbed.support.ServiceProcess;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real single-node Kafka broker (KRaft, broker and controller in one JVM, from {@code kafka-broker}'s class
 * path) for every test class of the run: started by the first class that needs it, stopped when the run ends.
 * Storage formatted with a random cluster id in a temporary directory, ports free ones. When it cannot start, the
 * tests are skipped with a line saying why.
 */
public final class KafkaBroker implements BeforeAllCallback {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static Running running;
    private static String failure;

    /** The broker JVM and its directory, stopped and deleted when the test run ends. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {
        private final Process process;
        private final Path directory;
        private final String bootstrap;

        Running(Process process, Path directory, String bootstrap) {
            this.process = process;
            this.directory = directory;
            this.bootstrap = bootstrap;
        }

        private boolean answers() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(bootstrap.split(":")[1])), 500);
            } catch (IOException e) {
                return false;
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", "2000",
                    "default.api.timeout.ms", "3000"))) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            deleteRecursively(directory.toFile());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (KafkaBroker.class) {
            if (running == null && failure == null) {
                try {
                    running = start();
                    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(KafkaBroker.class, running);
                } catch (Exception e) {
                    failure = e.toString();
                }
            }
            if (failure != null) {
                System.err.println("Kafka consumer tests skipped: no Kafka broker could be started: " + failure);
                Assumptions.abort("no Kafka broker: " + failure);
            }
        }
    }

    /** host:port of the running broker. */
    public static String bootstrap() {
        return running.bootstrap;
    }

    private static Running start() throws IOException, InterruptedException {
        Path lib = Paths.get(System.getProperty("kafka.broker.lib", "../kafka-broker/target/broker-lib"));
        if (!Files.isDirectory(lib)) {
            throw new IOException("broker class path not built: " + lib.toAbsolutePath());
        }
        Path directory = Files.createTempDirectory("kafka-broker");
        int port = freePort();
        int controllerPort = freePort();
        Path config = directory.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + directory.resolve("data"),
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                // as Kafka's own sample configuration: a group's first member gets its partitions without delay
                "group.initial.rebalance.delay.ms=0",
                ""));
        String classPath = lib.toAbsolutePath() + File.separator + "*";
        Process format = new ProcessBuilder(java(classPath, "-Xmx256m", "kafka.tools.StorageTool", "format",
                "-t", clusterId(), "-c", config.toString()))
                .redirectErrorStream(true).redirectOutput(directory.resolve("format.log").toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IOException("storage format failed: " + Files.readString(directory.resolve("format.log")));
        }
        Process broker = new ProcessBuilder(java(classPath, "-Xmx512m", "kafka.Kafka", config.toString()))
                .redirectErrorStream(true).redirectOutput(directory.resolve("broker.log").toFile()).start();
        Running started = new Running(broker, directory, "127.0.0.1:" + port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!started.answers()) {
            if (!broker.isAlive() || System.nanoTime() > deadline) {
                broker.destroyForcibly();
                throw new IOException("broker did not answer on port " + port + " within " + START_TIMEOUT
                        + "; see " + directory.resolve("broker.log"));
            }
            Thread.sleep(200);
        }
        return started;
    }

    /** A command line running {@code mainAndArguments} in a JVM of the test's JDK, with the build's options. */
    private static List<String> java(String classPath, String heap, String... mainAndArguments) {
        List<String> command = ServiceProcess.javaCommand();
        command.add(heap);
        command.add("-cp");
        command.add(classPath);
        command.addAll(Arrays.asList(mainAndArguments));
        return command;
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, not starting with a dash. */
    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        while (true) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Creates a topic with the given number of partitions. */
    public static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** How many members the broker counts in a consumer group now. */
    public static int groupMembers(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(30, TimeUnit.SECONDS)
                    .members().size();
        }
    }

    /** A producer of string records, for the caller to close. */
    public static KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap());
        config.put("acks", "all");
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    /** Produces records "prefix-0" .. "prefix-(n-1)", keyed by id, and waits until each is written. */
    public static void produce(String topic, String prefix, int n) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < n; i++) {
                String id = prefix + "-" + i;
                producer.send(new ProducerRecord<>(topic, id, id)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void deleteRecursively(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteRecursively(child);
            }
        }
        file.delete();
    }
}
