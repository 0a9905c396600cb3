package dev.gracefulagent.integration.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SiteRulesTest {
    private static SiteRules rules(List<String> include, List<String> exclude) {
        return new SiteRules(new ExecutorRules(include, exclude));
    }

    @Test
    void theApplicationsCodeIsTheApplicationsAndTheJdkServersAndListenerLoopsAreNot() {
        SiteRules rules = rules(List.of(), List.of());
        assertTrue(rules.isApplication("com.example.Jobs", null, null));
        assertTrue(rules.isApplication("org.springframework.core.task.SimpleAsyncTaskExecutor",
                "org.springframework.core.task.SimpleAsyncTaskExecutor", "scheduling-1"));
        assertFalse(rules.isApplication(null, null, null), "only the JDK on the stack");
        assertFalse(rules.isApplication("java.util.concurrent.ThreadPoolExecutor", null, null), "a pool's worker");
        assertFalse(rules.isApplication("org.apache.tomcat.util.threads.VirtualThreadExecutor", null, "http-1"));
        assertFalse(rules.isApplication("org.springframework.kafka.listener.KafkaMessageListenerContainer", null,
                null));
        assertFalse(rules.isApplication("com.rabbitmq.client.impl.ConsumerWorkService", null, null));
    }

    @Test
    void patternsDecideFirstExcludeWinning() {
        SiteRules rules = rules(List.of("org.springframework.kafka.*", "lib-*"), List.of("com.example.cache.*",
                "*-heartbeat"));
        assertTrue(rules.isApplication("org.springframework.kafka.listener.KafkaMessageListenerContainer", null,
                null));
        assertTrue(rules.isApplication("io.netty.util.HashedWheelTimer", null, "lib-1"), "included by thread name");
        assertFalse(rules.isApplication("com.example.cache.Refresher", null, null));
        assertFalse(rules.isApplication("com.example.Jobs", null, "lib-heartbeat"), "exclude wins over include");
    }

    @Test
    void theCallSiteIsTheFirstFrameBelowTheAgentAndThePlumbing() {
        // this test class is in the agent's package, so the frames below it decide: JUnit's, once the JDK's
        // reflection frames are looked past
        String site = CallSite.find(new CallSite.Finder(className -> CallSite.isJdk(className)));
        assertTrue(site.startsWith("org.junit."), site);
        assertEquals(null, CallSite.find(new CallSite.Finder(className -> true)));
    }

    /** Not from a whole stack trace, which costs tens of microseconds on a deep stack (a Netty event loop's). */
    @Test
    void theCallSiteIsFoundByALazyStackWalk() {
        boolean[] walking = {false};
        CallSite.find(new CallSite.Finder(className -> {
            for (StackTraceElement frame : new Throwable().getStackTrace()) {
                walking[0] |= frame.getClassName().equals(CallSite.Finder.class.getName());
            }
            return true;
        }));
        assertTrue(walking[0], "the frames are looked at inside StackWalker.walk, through the Finder");
    }
}
