package dev.gracefulagent.testbed.kafka;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gracefulagent.testbed.support.Jdks;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The main scenario with the testbed and the agent on JDK 25: the plain loop and the Spring listener. */
class ConsumersOnJava25IT extends ConsumerScenarios {
    private String consumer = "plain";

    @BeforeAll
    static void requireJava25() {
        assumeTrue(Jdks.java25().isPresent(), "no JDK 25 under /usr/lib/jvm and no JAVA25_HOME");
    }

    @Override
    protected String consumer() {
        return consumer;
    }

    @Override
    protected ServiceProcess.Builder configure(ServiceProcess.Builder builder) {
        return builder.javaHome(Jdks.java25().orElseThrow());
    }

    @Test
    void plainLoopOnJava25() throws Exception {
        assertDrainedAndHandedOver(signalMidRecordThenRestart(true, Map.of()));
    }

    @Test
    void springListenerOnJava25() throws Exception {
        consumer = "spring";
        assertDrainedAndHandedOver(signalMidRecordThenRestart(true, Map.of()));
    }
}
