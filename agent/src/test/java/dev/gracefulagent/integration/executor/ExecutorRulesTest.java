package dev.gracefulagent.integration.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.config.Patterns;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecutorRulesTest {
    private static final String TPE = ThreadPoolExecutor.class.getName();

    @ParameterizedTest
    @CsvSource({
        "com.example.*, com.example.Jobs, true",
        "com.example.*, com.examples.Jobs, false",
        "pool-*-thread-*, pool-3-thread-12, true",
        "pool-*-thread-*, pool-3-worker-1, false",
        "*Scheduler*, org.eclipse.jetty.util.thread.ScheduledExecutorScheduler, true",
        "Timer-0, Timer-0, true",
        "Timer-0, Timer-01, false",
        "*, anything, true",
        "a*b*c, abxbc, true",
        "a*b*c, acb, false",
    })
    void globsMatchWholeNamesWithStarsForAnyRun(String pattern, String name, boolean matches) {
        assertEquals(matches, Patterns.matches(pattern, name));
    }

    @Test
    void builtInRulesLeaveTheJdkTheAgentAndKnownLibrariesAlone() {
        ExecutorRules rules = new ExecutorRules(List.of(), List.of());
        assertTrue(rules.isApplication("com.example.Reports", TPE, null));
        assertTrue(rules.isApplication("org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler", TPE, null));
        assertTrue(rules.isApplication("dev.gracefulagent.testbed.jetty.JettyTestbed", TPE, null));
        assertFalse(rules.isApplication("com.zaxxer.hikari.pool.HikariPool", TPE, null));
        assertFalse(rules.isApplication("org.eclipse.jetty.util.thread.ScheduledExecutorScheduler", TPE, null));
        assertFalse(rules.isApplication("java.util.concurrent.CompletableFuture$Delayer", TPE, null));
        assertFalse(rules.isApplication("dev.gracefulagent.health.HealthEndpoint", TPE, null));
        // the RabbitMQ client's heartbeat sender and consumer work pool
        assertFalse(rules.isApplication("com.rabbitmq.client.impl.HeartbeatSender", TPE, null));
        assertFalse(rules.isApplication("com.rabbitmq.client.impl.ConsumerWorkService", TPE, null));
        // gRPC's destroyer of shared resources is its own; its default executor runs the application's calls
        assertFalse(rules.isApplication("io.grpc.internal.SharedResourceHolder$1", TPE, null));
        assertTrue(rules.isApplication("io.grpc.internal.GrpcUtil$4", TPE, null));
    }

    @Test
    void withoutACreatorALibrarysThreadFactoryTellsWhereTheExecutorCameFrom() {
        ExecutorRules rules = new ExecutorRules(List.of(), List.of());
        assertFalse(rules.isApplication(null, TPE, "com.mongodb.internal.thread.DaemonThreadFactory"));
        assertTrue(rules.isApplication(null, TPE, "java.util.concurrent.Executors$DefaultThreadFactory"));
        assertTrue(rules.isApplication(null, TPE, null));
    }

    @Test
    void excludeWinsOverIncludeWhichWinsOverTheBuiltInRules() {
        ExecutorRules rules = new ExecutorRules(List.of("com.zaxxer.hikari.*", "com.example.*"),
                List.of("com.example.cache.*", "housekeeper-*"));
        assertTrue(rules.isApplication("com.zaxxer.hikari.pool.HikariPool", TPE, null));
        assertTrue(rules.isApplication("com.example.Reports", TPE, null));
        assertFalse(rules.isApplication("com.example.cache.Refresher", TPE, null));
        assertTrue(rules.isExcluded("com.example.cache.Refresher", TPE, null));
        assertEquals(Boolean.FALSE, rules.byThreadName("housekeeper-1"));
        assertNull(rules.byThreadName("pool-1-thread-1"));
    }

    @Test
    void anExcludedThreadNameWinsForGoodOverAnIncludedOne() {
        Pool pool = new Pool(new Object(), Pool.Kind.POOL, "com.example.Jobs", true, false);
        pool.decidedByThreadName(false);
        pool.decidedByThreadName(true);
        assertFalse(pool.isApplication());
    }

    @Test
    void theCreatorIsTheCodeBelowTheExecutorsConstructorsAndTheJdkFactories() {
        CreatorProbe probe = new CreatorProbe();
        ThreadPoolExecutor direct = probe.create();
        assertEquals(CreatorProbe.class.getName(), ExecutorRules.creator(direct, probe.stack));
        ScheduledThreadPoolExecutor viaFactory = probe.createThroughExecutors();
        assertEquals(CreatorProbe.class.getName(), ExecutorRules.creator(viaFactory, probe.stack));
        ThreadPoolExecutor subclass = probe.createSubclass();
        assertEquals(CreatorProbe.class.getName(), ExecutorRules.creator(subclass, probe.stack));
        direct.shutdown();
        viaFactory.shutdown();
        subclass.shutdown();
    }

    /** Captures the stack inside the executor's constructor, as the agent's return hook would see it. */
    static final class CreatorProbe {
        StackTraceElement[] stack;

        ThreadPoolExecutor create() {
            return new ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.SECONDS,
                    new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                        throw new AssertionError("no thread needed");
                    }) {
                {
                    stack = new Throwable().getStackTrace();
                }
            };
        }

        ScheduledThreadPoolExecutor createThroughExecutors() {
            // the frames the return hook sees above the caller: the JDK constructors and the factory method
            ScheduledThreadPoolExecutor pool = (ScheduledThreadPoolExecutor) Executors.newScheduledThreadPool(1,
                    r -> new Thread(r));
            stack = withFrames(new StackTraceElement("java.util.concurrent.ThreadPoolExecutor", "<init>", null, 1),
                    new StackTraceElement("java.util.concurrent.ScheduledThreadPoolExecutor", "<init>", null, 1),
                    new StackTraceElement("java.util.concurrent.Executors", "newScheduledThreadPool", null, 1));
            return pool;
        }

        ThreadPoolExecutor createSubclass() {
            return new AppPool(this);
        }

        private static StackTraceElement[] withFrames(StackTraceElement... top) {
            StackTraceElement[] below = new Throwable().getStackTrace();
            StackTraceElement[] all = new StackTraceElement[top.length + below.length];
            System.arraycopy(top, 0, all, 0, top.length);
            System.arraycopy(below, 0, all, top.length, below.length);
            return all;
        }
    }

    static final class AppPool extends ThreadPoolExecutor {
        AppPool(CreatorProbe probe) {
            super(1, 1, 0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>());
            probe.stack = new Throwable().getStackTrace();
        }
    }
}
