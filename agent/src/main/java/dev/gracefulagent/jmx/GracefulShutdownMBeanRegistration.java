package dev.gracefulagent.jmx;

import dev.gracefulagent.core.Readiness;
import dev.gracefulagent.core.ShutdownSequence;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.ObjectName;

/** Registers {@code dev.gracefulagent:type=GracefulShutdown} in the platform MBean server. */
public final class GracefulShutdownMBeanRegistration implements GracefulShutdownMXBean {
    public static final String OBJECT_NAME = "dev.gracefulagent:type=GracefulShutdown";

    private final ShutdownSequence sequence;

    private GracefulShutdownMBeanRegistration(ShutdownSequence sequence) {
        this.sequence = sequence;
    }

    public static void register(ShutdownSequence sequence) throws Exception {
        ManagementFactory.getPlatformMBeanServer().registerMBean(new GracefulShutdownMBeanRegistration(sequence),
                new ObjectName(OBJECT_NAME));
    }

    @Override
    public String getState() {
        return sequence.phase();
    }

    @Override
    public boolean isReady() {
        return Readiness.isReady();
    }

    @Override
    public Map<String, Integer> getInFlight() {
        return sequence.inFlightByIntegration();
    }
}
