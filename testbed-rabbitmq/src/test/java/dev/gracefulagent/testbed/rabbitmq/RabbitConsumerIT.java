package dev.gracefulagent.testbed.rabbitmq;

import dev.gracefulagent.testbed.support.Baselines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gracefulagent.testbed.support.DataIntegrityScenarios;
import dev.gracefulagent.testbed.support.Jdks;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consumer testbed against the real broker, in its own JVM, stopped by a real SIGTERM in the middle of a
 * message and started again to consume the rest. Counted by message id in the database: a message processed
 * twice leaves two rows, one cut in the middle a row without an end. Skipped, with a line saying why, when no
 * broker answers at {@code RABBIT_URL} (default amqp://guest:guest@127.0.0.1:5672).
 */
class RabbitConsumerIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final int MESSAGES = 6;

    private final String tag = "it" + System.nanoTime();
    private final String queue = "graceful-" + tag;
    private final boolean postgres = Boolean.getBoolean("testbed.postgres");
    private final String dbUrl = postgres ? DataIntegrityScenarios.postgres().get("DB_URL")
            : "jdbc:h2:" + Paths.get("target", "it-data", tag).toAbsolutePath()
                    + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    private final String dbUser = postgres ? "postgres" : "";
    private final List<ServiceProcess> started = new ArrayList<>();
    private Broker broker;

    @BeforeAll
    static void brokerReachable() {
        String why = Broker.unreachable();
        if (why != null) {
            System.out.println("[RabbitConsumerIT] skipped: " + why);
        }
        assumeTrue(why == null, why);
    }

    @BeforeEach
    void queue() throws Exception {
        broker = Broker.connect();
        broker.declare(queue);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (ServiceProcess service : started) {
            service.close();
        }
        broker.delete(queue);
        broker.close();
    }

    // ---------------------------------------------------------------- scenarios

    /** How one consumer instance is started: the testbed jar (or another class path), with or without the agent. */
    private interface Launcher {
        ServiceProcess launch(String instance, Map<String, String> env) throws Exception;
    }

    private Launcher testbed(String consumer, boolean withAgent, String agentArgs, Optional<String> javaHome) {
        return (instance, env) -> {
            ServiceProcess.Builder builder = ServiceProcess.builder(ServiceProcess.testbedJar("testbed-rabbitmq"));
            if (!withAgent) {
                builder.withoutAgent();
            } else if (agentArgs != null) {
                builder.agentArguments(agentArgs);
            }
            javaHome.ifPresent(builder::javaHome);
            environment(consumer, instance, env).forEach(builder::env);
            return builder.launch();
        };
    }

    /** The plain consumer on the older client line: the testbed's classes and libraries, that client swapped in. */
    private Launcher plainOnOlderClient() {
        return (instance, env) -> {
            List<String> classPath = new ArrayList<>();
            classPath.add(Paths.get("target", "classes").toAbsolutePath().toString());
            for (String entry : Files.readString(Paths.get("target", "classpath.txt")).trim().split(":")) {
                if (!entry.contains("amqp-client")) {
                    classPath.add(entry);
                }
            }
            classPath.add(Paths.get("target", "old-client", "amqp-client-old.jar").toAbsolutePath().toString());
            List<String> java = ServiceProcess.javaCommand();
            java.addAll(List.of("-javaagent:" + ServiceProcess.agentJar(), "-cp", String.join(":", classPath),
                    "dev.gracefulagent.testbed.rabbitmq.ConsumerTestbed"));
            ProcessBuilder command = new ProcessBuilder(java);
            command.directory(Paths.get("target").toFile());
            command.environment().putAll(environment("plain", instance, env));
            return ServiceProcess.launch(command, 0);
        };
    }

    private Map<String, String> environment(String consumer, String instance, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("CONSUMER", consumer);
        env.put("INSTANCE", instance);
        env.put("QUEUE", queue);
        env.put("RABBIT_URL", Broker.URL);
        env.put("DB_URL", dbUrl);
        env.put("DB_USER", dbUser);
        env.put("MESSAGE_MS", "1000");
        env.putAll(extra);
        return env;
    }

    private ServiceProcess start(Launcher launcher, String instance, Map<String, String> env) throws Exception {
        ServiceProcess service = launcher.launch(instance, env);
        started.add(service);
        if (!service.stdout().await(line -> line.startsWith("consuming from queue"), START)) {
            throw new AssertionError("consumer did not start\n" + service.stdout().text() + "\n"
                    + service.stderr().text());
        }
        return service;
    }

    private List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> tag + "-" + i).collect(Collectors.toList());
    }

    /** What a SIGTERM in the middle of a message left, after a second instance consumed the rest. */
    private record Outcome(int firstExit, int secondExit, String firstErr, long signalMillis, String inHand,
                           Map<String, List<Row>> rows) {
        long startedAfterSignalByFirst() {
            return rows.values().stream().flatMap(List::stream)
                    .filter(r -> r.consumer.equals("first") && r.startedAt > signalMillis).count();
        }

        List<String> duplicates() {
            return rows.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                    .collect(Collectors.toList());
        }

        List<String> missing(List<String> ids) {
            return ids.stream().filter(id -> rows.getOrDefault(id, List.of()).stream().noneMatch(Row::finished))
                    .collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return "exit " + firstExit + "/" + secondExit + ", in hand " + inHand + ", signal at " + signalMillis
                    + ", rows " + rows + "\nfirst instance's stderr:\n" + firstErr;
        }
    }

    private record Row(String consumer, long startedAt, Long finishedAt) {
        boolean finished() {
            return finishedAt != null;
        }

        @Override
        public String toString() {
            return consumer + " " + startedAt + "-" + finishedAt;
        }
    }

    /** SIGTERM while the second message is in hand (the first when there is only one). */
    private Outcome sigtermInTheMiddleOfAMessage(Launcher launcher, Map<String, String> env, int messages,
                                                 long intoTheMessageMillis) throws Exception {
        List<String> ids = ids(0, messages);
        broker.publish(queue, ids);
        long t0 = System.nanoTime();
        ServiceProcess first = start(launcher, "first", env);
        long t1 = System.nanoTime();
        String inHand = ids.get(Math.min(1, messages - 1));
        first.stdout().awaitContains("started " + inHand, START);
        Thread.sleep(intoTheMessageMillis);
        long signalMillis = System.currentTimeMillis();
        long signalNanos = System.nanoTime();
        first.sigterm();
        int firstExit = first.awaitExit(EXIT);
        long t2 = System.nanoTime();

        List<String> left = new ArrayList<>(ids);
        left.removeIf(id -> first.stdout().lines().contains("finished " + id));
        ServiceProcess second = start(launcher, "second", env);
        long t3 = System.nanoTime();
        for (String id : left) {
            second.stdout().awaitContains("finished " + id, START);
        }
        second.sigterm();
        int secondExit = second.awaitExit(EXIT);
        System.out.printf("[RabbitConsumerIT] first instance up in %d ms, ended %d ms after SIGTERM (exit %d);"
                + " second up in %d ms, consumed the rest, exit %d%n", (t1 - t0) / 1_000_000,
                (t2 - signalNanos) / 1_000_000, firstExit, (t3 - t2) / 1_000_000, secondExit);
        return new Outcome(firstExit, secondExit, first.stderr().text(), signalMillis, inHand, rows());
    }

    private Map<String, List<Row>> rows() throws Exception {
        return rows(dbUrl);
    }

    private Map<String, List<Row>> rows(String url) throws Exception {
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, dbUser, "");
             PreparedStatement select = c.prepareStatement("SELECT msg_id, consumer, started_at, finished_at"
                     + " FROM consumed WHERE msg_id LIKE ? ORDER BY row_id")) {
            select.setString(1, tag + "-%");
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long finished = rs.getLong(4);
                    Long finishedAt = rs.wasNull() ? null : finished;
                    rows.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Row(rs.getString(2), rs.getLong(3), finishedAt));
                }
            }
        }
        return rows;
    }

    /** Exactly once, the message in hand finished by the first instance after the signal, nothing started after it. */
    private void assertDrainedCleanly(Outcome outcome, int messages) {
        assertEquals(0, outcome.firstExit(), outcome.toString());
        assertEquals(0, outcome.secondExit(), outcome.toString());
        assertEquals(List.of(), outcome.duplicates(), outcome.toString());
        assertEquals(List.of(), outcome.missing(ids(0, messages)), outcome.toString());
        Row inHand = outcome.rows().get(outcome.inHand()).get(0);
        assertEquals("first", inHand.consumer(), outcome.toString());
        assertTrue(inHand.finishedAt() > outcome.signalMillis(), outcome.toString());
        assertEquals(0, outcome.startedAfterSignalByFirst(), outcome.toString());
        assertHooksHeld(outcome.firstErr());
    }

    /** Every hook point was found in the real classes and none switched itself off. */
    private static void assertHooksHeld(String stderr) {
        assertFalse(stderr.contains("switched off"), stderr);
        assertFalse(stderr.contains("the agent leaves this library alone"), stderr);
        assertFalse(stderr.contains("could not weave"), stderr);
    }

    private static void assertFinds(String text, String regex) {
        assertTrue(Pattern.compile(regex).matcher(text).find(), "no match for " + regex + " in\n" + text);
    }

    // ---------------------------------------------------------------- plain RabbitMQ Java client

    @Test
    void plainConsumerFinishesAndAcksTheMessageInHandAndLeavesThePrefetchedOnesToTheNextInstance() throws Exception {
        Outcome outcome = sigtermInTheMiddleOfAMessage(testbed("plain", true, null, Optional.empty()), Map.of(),
                MESSAGES, 300);
        assertDrainedCleanly(outcome, MESSAGES);
        assertTrue(outcome.firstErr().contains("rabbitmq: 1 consumer(s) cancelled"), outcome.firstErr());
        assertFinds(outcome.firstErr(), "drain: .*\\b1 rabbitmq message\\b");
        assertFinds(outcome.firstErr(), "summary: drained .*\\b1 rabbitmq message\\b.*exit 0");
    }

    @Test
    void plainConsumerOnJdk25() throws Exception {
        Optional<String> jdk25 = Jdks.java25();
        assumeTrue(jdk25.isPresent(), "no JDK 25 found (JAVA25_HOME or /usr/lib/jvm/*-25*)");
        Outcome outcome = sigtermInTheMiddleOfAMessage(testbed("plain", true, null, jdk25), Map.of(), MESSAGES, 300);
        assertDrainedCleanly(outcome, MESSAGES);
    }

    @Test
    void plainConsumerOnTheOlderClientLine() throws Exception {
        Outcome outcome = sigtermInTheMiddleOfAMessage(plainOnOlderClient(), Map.of(), MESSAGES, 300);
        assertDrainedCleanly(outcome, MESSAGES);
    }

    /**
     * A message longer than the deadline: exit 1, and the report names the message (queue, consumer tag, delivery
     * tag, age) and the thread working on it with its stack.
     */
    @Test
    void pastTheDeadlineTheReportNamesTheMessageInHand() throws Exception {
        ServiceProcess consumer = start(testbed("plain", true, "timeout=2s", Optional.empty()), "first",
                Map.of("MESSAGE_MS", "20000"));
        broker.publish(queue, ids(0, 1));
        consumer.stdout().awaitContains("started " + tag + "-0", START);
        consumer.sigterm();
        assertEquals(1, consumer.awaitExit(EXIT));
        String err = consumer.stderr().text();
        assertFinds(err, "deadline of 2000 ms passed; still running: 1 rabbitmq message");
        assertFinds(err, "message from queue " + queue + ", consumer tag amq\\.ctag-[^,]+, delivery tag 1, age \\d"
                + "[^,]*, thread pool-\\d+-thread-\\d+\\n\\s+at java\\.base@[^/]+/java\\.lang\\.Thread\\.sleep");
        assertFinds(err, "at dev\\.gracefulagent\\.testbed\\.rabbitmq\\.ConsumedMessages\\.process");
        // the agent's close after the deadline gives the message back to the broker, and says so
        assertFinds(err, "closed before message from queue " + queue + ", .* was acknowledged: the broker delivers it");
        assertFalse(Pattern.compile("summary: [^\\n]*rabbitmq message").matcher(err).find(), err);
    }

    /** Baseline: without the agent the JVM ends at once, the message in hand is cut and done again. */
    @Test
    void withoutTheAgentThePlainConsumersMessageInHandIsCutAndRedone() throws Exception {
        Outcome outcome = sigtermInTheMiddleOfAMessage(testbed("plain", false, null, Optional.empty()), Map.of(),
                MESSAGES, 300);
        Baselines.assertEndedAsKilled(outcome.firstExit(), outcome.toString());
        assertEquals(List.of(outcome.inHand()), outcome.duplicates(), outcome.toString());
        assertFalse(outcome.rows().get(outcome.inHand()).get(0).finished(), outcome.toString());
        assertEquals(List.of(), outcome.missing(ids(0, MESSAGES)), outcome.toString());
    }

    /**
     * A 4 s heartbeat and a 12 s message: the client's heartbeat keeps running through the drain (it is the
     * client's infrastructure, not the application's periodic work), so the broker keeps the connection and the ack
     * of the message in hand goes through: no redelivery.
     */
    @Test
    void aHeartbeatShorterThanTheDrainKeepsTheConnection() throws Exception {
        Outcome outcome = sigtermInTheMiddleOfAMessage(testbed("plain", true, null, Optional.empty()),
                Map.of("HEARTBEAT_S", "4", "MESSAGE_MS", "12000"), 1, 1000);
        assertDrainedCleanly(outcome, 1);
    }

    // ---------------------------------------------------------------- Spring Boot @RabbitListener

    @Test
    void springListenerFinishesAndAcksTheMessageInHandAndRequeuesItsPrefetchedOnes() throws Exception {
        Outcome outcome = sigtermInTheMiddleOfAMessage(testbed("spring", true, null, Optional.empty()), Map.of(),
                MESSAGES, 300);
        assertDrainedCleanly(outcome, MESSAGES);
        assertFinds(outcome.firstErr(), "spring-rabbit: 1 listener container\\(s\\) stopping");
        assertFinds(outcome.firstErr(), "summary: drained .*\\b1 rabbitmq message\\b.*exit 0");
    }

    /** Spring's direct container: the listener runs on the client's consumer thread, as a plain consumer's does. */
    @Test
    void springDirectContainerFinishesAndAcksTheMessageInHand() throws Exception {
        Outcome outcome = sigtermInTheMiddleOfAMessage(testbed("spring", true, null, Optional.empty()),
                Map.of("SPRING_RABBITMQ_LISTENER_TYPE", "direct"), MESSAGES, 300);
        assertDrainedCleanly(outcome, MESSAGES);
        assertFinds(outcome.firstErr(), "spring-rabbit: 1 listener container\\(s\\) stopping");
    }

    /**
     * A message longer than Spring's own shutdown timeout (5 s): the agent raises the timeout to its deadline, so
     * Spring waits for the message instead of closing the channel under it.
     */
    @Test
    void springListenerFinishesAMessageLongerThanSpringsShutdownTimeout() throws Exception {
        Outcome outcome = sigtermInTheMiddleOfAMessage(testbed("spring", true, null, Optional.empty()),
                Map.of("MESSAGE_MS", "8000"), 1, 500);
        assertDrainedCleanly(outcome, 1);
    }

    /** Baseline: Spring's own stop, from its shutdown hook, without the agent. */
    @Test
    void withoutTheAgentTheSpringListener() throws Exception {
        Outcome outcome = sigtermInTheMiddleOfAMessage(testbed("spring", false, null, Optional.empty()), Map.of(),
                MESSAGES, 300);
        Baselines.assertEndedAsKilled(outcome.firstExit(), outcome.toString());
        System.out.println("[baseline spring] " + outcome);
    }

    // ---------------------------------------------------------------- rolling restart

    /**
     * Two plain consumers on one queue under a steady publish rate; each is restarted in turn (A, B, A), as a
     * rolling deploy does. Afterwards every published message must have been processed exactly once. Both instances
     * write to one database: an H2 server run by the test (a file database opened by two processes in H2's mixed
     * mode fails when the process hosting it restarts), or the PostgreSQL.
     */
    @ParameterizedTest(name = "with the agent: {0}")
    @ValueSource(booleans = {true, false})
    void rollingRestartOfTwoConsumersUnderSteadyLoad(boolean withAgent) throws Exception {
        org.h2.tools.Server h2 = postgres ? null : org.h2.tools.Server.createTcpServer("-tcpPort", "0",
                "-ifNotExists", "-baseDir", Paths.get("target", "it-data").toAbsolutePath().toString()).start();
        try {
            String sharedDb = postgres ? dbUrl : "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/" + tag;
            rollingRestart(withAgent, sharedDb);
        } finally {
            if (h2 != null) {
                h2.stop();
            }
        }
    }

    /**
     * Waits until {@code instance} starts its next message and is 50 ms into it (past its row's insert, 150 ms before
     * its end), so that a signal then finds a message in hand: without it, the baseline's claim that a restart cuts
     * one held only by chance (a third of the time an instance is between two messages).
     */
    private static void awaitNextMessageInHand(ServiceProcess instance) throws InterruptedException {
        long startedBefore = startedMessages(instance);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (startedMessages(instance) == startedBefore && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(50);
    }

    private static long startedMessages(ServiceProcess instance) {
        return instance.stdout().lines().stream().filter(line -> line.startsWith("started ")).count();
    }

    private void rollingRestart(boolean withAgent, String sharedDb) throws Exception {
        Map<String, String> env = Map.of("MESSAGE_MS", "200", "DB_URL", sharedDb);
        Launcher launcher = testbed("plain", withAgent, null, Optional.empty());
        List<ServiceProcess> all = new ArrayList<>();
        ServiceProcess[] instances = {start(launcher, "a", env), start(launcher, "b", env)};
        all.addAll(List.of(instances));

        List<String> published = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean publishing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread publisher = new Thread(() -> {
            try (Broker own = Broker.connect()) {
                for (int i = 0; publishing.get(); i++) {
                    String id = tag + "-" + i;
                    own.publish(queue, List.of(id));
                    published.add(id);
                    Thread.sleep(150);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "it-publisher");
        publisher.start();

        List<Integer> exits = new ArrayList<>();
        for (int restart = 0; restart < 3; restart++) {
            Thread.sleep(1500);
            int which = restart % 2;
            awaitNextMessageInHand(instances[which]);
            instances[which].sigterm();
            exits.add(instances[which].awaitExit(EXIT));
            instances[which] = start(launcher, which == 0 ? "a" : "b", env);
            all.add(instances[which]);
        }
        Thread.sleep(1500);
        publishing.set(false);
        publisher.join();

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> unfinished = new ArrayList<>(published);
        while (!unfinished.isEmpty() && System.nanoTime() < deadline) {
            unfinished.removeIf(id -> all.stream().anyMatch(p -> p.stdout().lines().contains("finished " + id)));
            Thread.sleep(200);
        }
        for (ServiceProcess instance : instances) {
            instance.sigterm();
            exits.add(instance.awaitExit(EXIT));
        }
        Outcome outcome = new Outcome(0, 0, "", 0, "", rows(sharedDb));
        List<String> duplicates = outcome.duplicates();
        List<String> missing = outcome.missing(new ArrayList<>(published));
        System.out.printf("[RabbitConsumerIT] rolling restart, agent %s: %d published, 3 restarts, exits %s,"
                + " %d duplicates %s, %d missing %s%n", withAgent, published.size(), exits, duplicates.size(),
                duplicates, missing.size(), missing);
        String output = all.stream().map(p -> "--- instance " + p.pid() + "\n" + p.stderr().text())
                .collect(Collectors.joining("\n"));
        if (withAgent) {
            assertEquals(List.of(0, 0, 0, 0, 0), exits, output);
            assertEquals(List.of(), duplicates, outcome.toString());
            assertEquals(List.of(), missing, outcome.toString());
        } else {
            exits.forEach(exit -> Baselines.assertEndedAsKilled(exit, output));
            assertFalse(duplicates.isEmpty(), "without the agent a restart cuts a message in hand: " + outcome);
        }
    }
}
