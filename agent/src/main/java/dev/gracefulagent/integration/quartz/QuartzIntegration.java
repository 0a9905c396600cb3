package dev.gracefulagent.integration.quartz;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Registrar;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import dev.gracefulagent.track.WeakRegistry;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;

/**
 * Quartz 2: every {@code QuartzScheduler} registers itself when it starts, and each job run on Quartz's own
 * {@code SimpleThreadPool} is counted (the worker's {@code runnable.run()} goes through the bridge; a
 * scheduler configured with an executor-backed pool is covered by the executor integration instead).
 * Stopping intake puts the schedulers in standby: no trigger fires any more, running jobs go on.
 */
public final class QuartzIntegration implements Integration {
    static final String NAME = "quartz";
    private static final Logger LOG = Log.get(QuartzIntegration.class);
    private static final String SCHEDULER = "org.quartz.core.QuartzScheduler";
    private static final String WORKER = "org.quartz.simpl.SimpleThreadPool$WorkerThread";

    private final WeakRegistry<Object> schedulers = new WeakRegistry<>();
    private InFlight jobs;

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
        jobs = new InFlight("quartz jobs", new JobDescriber(), signal);
        instrumenter.hook(NAME, HookPoint.atEntry(SCHEDULER, "start", "()V"), new Registrar(schedulers));
        instrumenter.hookTasks(NAME, HookPoint.aroundTask(WORKER, "run", "()V", "java.lang.Runnable"),
                new Bridge.TaskHook() {
                    @Override
                    public Object begin(Object worker, Runnable jobRun) {
                        return jobs.begin(jobRun);
                    }

                    @Override
                    public void end(Object unit) {
                        ((Unit) unit).end();
                    }
                });
    }

    @Override
    public String stopIntake() {
        List<Object> found = schedulers.snapshot();
        if (found.isEmpty()) {
            return null;
        }
        int paused = 0;
        for (Object scheduler : found) {
            try {
                Reflection.call(scheduler, "standby");
                paused++;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("could not put {} in standby: {}", scheduler, e.toString());
            }
        }
        return paused + " scheduler(s) in standby, no trigger fires";
    }

    @Override
    public List<InFlight> inFlight() {
        return Collections.singletonList(jobs);
    }

    /** "quartz job DEFAULT.nightly (com.example.NightlyJob)", read from the job run's context. */
    private static final class JobDescriber implements Describer {
        @Override
        public String describe(Object jobRun) {
            try {
                Field context = findField(jobRun.getClass(), "jec");
                context.setAccessible(true);
                Object detail = Reflection.call(context.get(jobRun), "getJobDetail");
                Class<?> jobClass = (Class<?>) Reflection.call(detail, "getJobClass");
                return "quartz job " + Reflection.call(detail, "getKey") + " (" + jobClass.getName() + ")";
            } catch (ReflectiveOperationException | RuntimeException e) {
                return "quartz job run " + jobRun.getClass().getName();
            }
        }

        private static Field findField(Class<?> type, String name) throws NoSuchFieldException {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    return c.getDeclaredField(name);
                } catch (NoSuchFieldException e) {
                    // look in the superclass
                }
            }
            throw new NoSuchFieldException(type.getName() + "." + name);
        }

        @Override
        public String entryFrame() {
            return Bridge.class.getName() + ".runTask";
        }
    }
}
