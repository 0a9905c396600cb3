package dev.gracefulagent.testbed.kafka;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.ServiceProcess;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plain poll loop on the newest kafka-clients 4.x: the testbed's classes with target/kafka-clients-4 as class
 * path instead of the Spring Boot jar (which carries Boot's 3.9).
 */
class PlainConsumerKafka4IT extends ConsumerScenarios {
    @Override
    protected String consumer() {
        return "plain";
    }

    @Override
    protected ServiceProcess launch(Map<String, String> env, boolean withAgent) throws Exception {
        Path target = Paths.get("target").toAbsolutePath();
        List<String> command = ServiceProcess.javaCommand();
        if (withAgent) {
            command.add("-javaagent:" + ServiceProcess.agentJar());
        }
        command.add("-cp");
        command.add(target.resolve("classes") + File.pathSeparator + target.resolve("kafka-clients-4") + "/*");
        // by name: the test class path holds the Spring Boot jar, whose classes sit under BOOT-INF
        command.add("dev.gracefulagent.testbed.kafka.PlainConsumer");
        ProcessBuilder builder = new ProcessBuilder(command).directory(target.toFile());
        builder.environment().putAll(env);
        ServiceProcess service = ServiceProcess.launch(builder, 0);
        if (!service.stdout().await(line -> line.contains("ready on port"), Duration.ofSeconds(60))) {
            service.close();
            throw new AssertionError("consumer did not start\n" + service.stdout().text() + "\n"
                    + service.stderr().text());
        }
        assertTrue(service.stdout().text().contains("kafka-clients 4."), service.stdout().text());
        return service;
    }

    @Test
    void commitSyncLoopOnKafkaClients4() throws Exception {
        assertDrainedAndHandedOver(signalMidRecordThenRestart(true, Map.of()));
    }

    @Test
    void aLoopWaitingInAPollOfTenMinutesOnKafkaClients4() throws Exception {
        signalWhileALongPollWaits(Map.of());
    }

    /** The broker-driven group protocol (KIP-848): another consumer implementation, woken and closed alike. */
    @Test
    void aLoopWaitingInAPollOfTenMinutesWithTheConsumerGroupProtocol() throws Exception {
        signalWhileALongPollWaits(Map.of("GROUP_PROTOCOL", "consumer"));
    }

    @Test
    void withoutTheAgentOnKafkaClients4() throws Exception {
        assertBaselineDamage(signalMidRecordThenRestart(false, Map.of()));
    }
}
