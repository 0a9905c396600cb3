package dev.gracefulagent.integration.kafka.spring;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Spring for Apache Kafka listener containers ({@code KafkaMessageListenerContainer}, and
 * {@code ConcurrentMessageListenerContainer} with its children). Each container registers when it starts. At stop
 * intake each top-level container is stopped with its own asynchronous {@code stop(Runnable)}, the stop Spring's
 * context close would run later: the consumer thread finishes the records of its last poll, commits them, leaves
 * the group and closes the consumer. The drain waits until Spring reports the stop done. The records themselves
 * are tracked by the {@code kafka} integration like any consumer's.
 */
public final class SpringKafkaIntegration implements Integration {
    static final String NAME = "spring-kafka";
    private static final Logger LOG = Log.get(SpringKafkaIntegration.class);
    private static final String CONTAINER = "org.springframework.kafka.listener.AbstractMessageListenerContainer";
    private static final String CONSUMER_LOOP =
            "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.run";

    private final WeakRegistry<Object> containers = new WeakRegistry<>();
    private InFlight stops;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        stops = new InFlight("kafka listener containers", new ContainerDescriber(), signal);
        instrumenter.hook(NAME, HookPoint.atEntry(CONTAINER, "start", "()V"), new Registrar(containers));
    }

    @Override
    public String stopIntake() {
        int stopping = 0;
        for (Object container : topLevel(containers.snapshot())) {
            try {
                if (!Boolean.TRUE.equals(Reflection.call(container, "isRunning"))) {
                    continue;
                }
                final Unit unit = stops.begin(container);
                container.getClass().getMethod("stop", Runnable.class).invoke(container, new Runnable() {
                    @Override
                    public void run() {
                        unit.end();
                    }
                });
                stopping++;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("could not stop kafka listener container {}: {}", container, e.toString());
            }
        }
        return stopping == 0 ? null : stopping + " listener container(s) stopping: they finish the records in hand"
                + " and commit";
    }

    /** Containers that are not the children of a registered concurrent container: the parent stops those. */
    private static List<Object> topLevel(List<Object> all) {
        Map<Object, Boolean> children = new IdentityHashMap<>();
        for (Object container : all) {
            try {
                Object nested = Reflection.callIfPresent(container, "getContainers");
                if (nested instanceof Collection) {
                    for (Object child : (Collection<?>) nested) {
                        children.put(child, Boolean.TRUE);
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("no child containers of {}: {}", container, e.toString());
            }
        }
        List<Object> top = new ArrayList<>();
        for (Object container : all) {
            if (!children.containsKey(container)) {
                top.add(container);
            }
        }
        return top;
    }

    @Override
    public List<InFlight> inFlight() {
        return Collections.singletonList(stops);
    }

    private static final class ContainerDescriber implements Describer {
        @Override
        public String describe(Object container) {
            return "kafka listener container stopping: " + container;
        }

        @Override
        public String entryFrame() {
            // the unit is begun on the shutdown thread; the container's consumer thread ends it
            return CONSUMER_LOOP;
        }
    }
}
