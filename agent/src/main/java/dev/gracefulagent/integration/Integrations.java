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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Every integration the agent ships, by name, in the order their intake is stopped (schedulers first) and their
 * resources closed. An integration object is made only when it installs: making all of them at start-up loaded
 * about a hundred classes, most for libraries the service does not have.
 */
public final class Integrations {
    private static final List<String> ORDER = Collections.unmodifiableList(Arrays.asList(
            // every listening socket, for the sequence to account for those no container integration owns
            "listeners", "jetty", "jetty9", "tomcat", "undertow", "jdkhttp", "netty", "grpc",
            // WebSocket sessions after the containers, whose stopped intake refuses new upgrades
            "websocket",
            // message consumers are intake as servers are; their clients close before the pools.
            // RabbitMQ: the client's intake stops first, so no delivery refills a Spring container's queue
            "rabbitmq", "spring-rabbit",
            // Kafka pauses first, so a Spring consumer stopped next polls nothing more
            "kafka", "spring-kafka",
            // background work (its schedulers stop first; see ShutdownSequence): hand-offs are still taken
            "executor", "virtualthread", "forkjoin", "spring-scheduling", "quartz",
            // pools and clients last: they close after everything that may still use them
            "hikari", "dbcp2", "tomcatjdbc", "c3p0", "mongo"));

    /** The ones made so far, by name: one integration may build on another (Spring AMQP on the RabbitMQ client). */
    private final ConcurrentMap<String, Integration> made = new ConcurrentHashMap<>();

    /** Every integration's name, in the order above. */
    public static List<String> order() {
        return ORDER;
    }

    /** The names {@code graceful.exclude} accepts: every integration, and the exit-path ordering. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(ORDER);
        names.add(ExitPaths.NAME);
        return names;
    }

    /**
     * The integration named (one of {@link #order()}), made on the first call. Made outside any lock, as its
     * library's first class loads on whatever thread: two threads may both make one, and both get the first
     * stored (making one has no effect beyond the object).
     */
    public Integration get(String name) {
        Integration integration = made.get(name);
        if (integration == null) {
            Integration fresh = make(name);
            integration = made.putIfAbsent(name, fresh);
            if (integration == null) {
                integration = fresh;
            }
        }
        return integration;
    }

    private Integration make(String name) {
        switch (name) {
            case "listeners": return new ListenerIntegration();
            case "jetty": return new JettyIntegration();
            case "jetty9": return new Jetty9Integration();
            case "tomcat": return new TomcatIntegration();
            case "undertow": return new UndertowIntegration();
            case "jdkhttp": return new JdkHttpIntegration();
            case "netty": return new NettyIntegration();
            case "grpc": return new GrpcIntegration();
            case "websocket": return new WebSocketIntegration();
            case "rabbitmq": return new RabbitIntegration();
            case "spring-rabbit": return new SpringRabbitIntegration((RabbitIntegration) get("rabbitmq"));
            case "kafka": return new KafkaIntegration();
            case "spring-kafka": return new SpringKafkaIntegration();
            case "executor": return new ExecutorIntegration();
            case "virtualthread": return new VirtualThreadIntegration();
            case "forkjoin": return new ForkJoinIntegration();
            case "spring-scheduling": return new SpringSchedulingIntegration();
            case "quartz": return new QuartzIntegration();
            case "hikari": return new HikariIntegration();
            case "dbcp2": return new Dbcp2Integration();
            case "tomcatjdbc": return new TomcatJdbcIntegration();
            case "c3p0": return new C3p0Integration();
            case "mongo": return new MongoIntegration();
            default: throw new IllegalArgumentException("no integration named " + name);
        }
    }
}
