package dev.gracefulagent.integration;

import dev.gracefulagent.core.ExitPaths;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.integration.c3p0.C3p0Integration;
import dev.gracefulagent.integration.dbcp2.Dbcp2Integration;
import dev.gracefulagent.integration.executor.ExecutorIntegration;
import dev.gracefulagent.integration.executor.ForkJoinIntegration;
import dev.gracefulagent.integration.executor.VirtualThreadIntegration;
import dev.gracefulagent.integration.grpc.GrpcIntegration;
import dev.gracefulagent.integration.hikari.HikariIntegration;
import dev.gracefulagent.integration.jetty.JettyIntegration;
import dev.gracefulagent.integration.jdkhttp.JdkHttpIntegration;
import dev.gracefulagent.integration.jetty.v9.Jetty9Integration;
import dev.gracefulagent.integration.kafka.KafkaIntegration;
import dev.gracefulagent.integration.kafka.spring.SpringKafkaIntegration;
import dev.gracefulagent.integration.listeners.ListenerIntegration;
import dev.gracefulagent.integration.mongo.MongoIntegration;
import dev.gracefulagent.integration.netty.NettyIntegration;
import dev.gracefulagent.integration.quartz.QuartzIntegration;
import dev.gracefulagent.integration.rabbitmq.RabbitIntegration;
import dev.gracefulagent.integration.rabbitmq.SpringRabbitIntegration;
import dev.gracefulagent.integration.springscheduling.SpringSchedulingIntegration;
import dev.gracefulagent.integration.tomcat.TomcatIntegration;
import dev.gracefulagent.integration.tomcatjdbc.TomcatJdbcIntegration;
import dev.gracefulagent.integration.undertow.UndertowIntegration;
import dev.gracefulagent.integration.websocket.WebSocketIntegration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every integration the agent ships, in the order their intake is stopped (schedulers first) and their resources
 * closed.
 */
public final class Integrations {
    private Integrations() {
    }

    public static List<Integration> all() {
        RabbitIntegration rabbit = new RabbitIntegration();
        return new ArrayList<Integration>(Arrays.<Integration>asList(
                // every listening socket, for the sequence to account for those no container integration owns
                new ListenerIntegration(),
                new JettyIntegration(),
                new Jetty9Integration(),
                new TomcatIntegration(),
                new UndertowIntegration(),
                new JdkHttpIntegration(),
                new NettyIntegration(),
                new GrpcIntegration(),
                // WebSocket sessions after the containers, whose stopped intake refuses new upgrades
                new WebSocketIntegration(),
                // message consumers are intake as servers are; their clients close before the pools.
                // RabbitMQ: the client's intake stops first, so no delivery refills a Spring container's queue
                rabbit,
                new SpringRabbitIntegration(rabbit),
                // Kafka pauses first, so a Spring consumer stopped next polls nothing more
                new KafkaIntegration(),
                new SpringKafkaIntegration(),
                // background work (its schedulers stop first; see ShutdownSequence): hand-offs are still taken
                new ExecutorIntegration(),
                new VirtualThreadIntegration(),
                new ForkJoinIntegration(),
                new SpringSchedulingIntegration(),
                new QuartzIntegration(),
                // pools and clients last: they close after everything that may still use them
                new HikariIntegration(),
                new Dbcp2Integration(),
                new TomcatJdbcIntegration(),
                new C3p0Integration(),
                new MongoIntegration()));
    }

    /** The names {@code graceful.exclude} accepts: every integration, and the exit-path ordering. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Integration integration : all()) {
            names.add(integration.name());
        }
        names.add(ExitPaths.NAME);
        return names;
    }
}
