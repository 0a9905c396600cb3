package dev.gracefulagent.integration.springscheduling;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.track.DrainSignal;

/**
 * Spring's trigger-based schedules ({@code @Scheduled(cron = ...)}, {@code schedule(task, trigger)} on
 * {@code ThreadPoolTaskScheduler} and {@code SimpleAsyncTaskScheduler}): each run is a one-shot task on the
 * scheduler's {@code ScheduledThreadPoolExecutor} that schedules the next one after it ran, so the executor
 * integration, which keeps one-shot tasks (they may complete a request in flight), would let the chain go on.
 * After intake stopped, such a run does not start and schedules no next one: no run starts after the signal.
 * A run already in progress finishes (the executor and virtual-thread integrations wait for it).
 */
public final class SpringSchedulingIntegration implements Integration {
    static final String NAME = "spring-scheduling";
    private static final String RESCHEDULING = "org.springframework.scheduling.concurrent.ReschedulingRunnable";

    private volatile boolean seen;
    private volatile boolean intakeStopped;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean schedulesWork() {
        return true;
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        instrumenter.hook(NAME, HookPoint.atEntry(RESCHEDULING, "run", "()V").skippingWith(false),
                new Bridge.Hook() {
                    @Override
                    public boolean enter(Object run, Object a, Object b, Object c) {
                        seen = true;
                        return intakeStopped;
                    }
                });
    }

    @Override
    public String stopIntake() {
        intakeStopped = true;
        return seen ? "Spring's cron and trigger schedules start no new run" : null;
    }
}
