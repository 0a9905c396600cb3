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
import dev.gracefulagent.integration.kafka.KafkaIntegration;
import dev.gracefulagent.integration.kafka.spring.SpringKafkaIntegration;
import dev.gracefulagent.integration.listeners.ListenerIntegration;
import dev.gracefulagent.integration.mongo.MongoIntegration;
import dev.gracefulagent.integration.netty.NettyIntegration;
import dev.gracefulagent.integration.quartz.QuartzIntegration;
import dev.gracefulagent.integration.springscheduling.SpringSchedulingIntegration;
import dev.gracefulagent.integration.tomcat.TomcatIntegration;
import dev.gracefulagent.integration.tomcatjdbc.TomcatJdbcIntegration;
import dev.gracefulagent.integration.undertow.UndertowIntegration;
import dev.gracefulagent.integration.websocket.WebSocketIntegration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Every integration the agent ships, in the order their intake is stopped and their resources closed. */
public final class Integrations {
    private Integrations() {
    }

    public static List<Integration> all() {
        return new ArrayList<Integration>(Arrays.<Integration>asList(
                // every listening socket, for the sequence to account for those no container integration owns
                new ListenerIntegration(),
                // schedulers first: a periodic run due while slower intakes stop (a listener container finishing
                // its message) must not start; hand-offs from requests are still taken and waited for
                new ExecutorIntegration(),
                new VirtualThreadIntegration(),
                new ForkJoinIntegration(),
                new SpringSchedulingIntegration(),
                new QuartzIntegration(),
                new JettyIntegration(),
                new TomcatIntegration(),
                new UndertowIntegration(),
                new NettyIntegration(),
                new GrpcIntegration(),
                // WebSocket sessions after the containers, whose stopped intake refuses new upgrades
                new WebSocketIntegration(),
                // message consumers: Kafka pauses first, so a Spring consumer stopped next polls nothing more
                new KafkaIntegration(),
                new SpringKafkaIntegration(),
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
