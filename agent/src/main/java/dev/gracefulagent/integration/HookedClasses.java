package dev.gracefulagent.integration;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.config.Config;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.AgentJar;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.track.DrainSignal;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The classes each integration hooks, recorded when the agent is built (by running every {@code install} against
 * an instrumenter that only notes the class names) and read at start-up, so that an integration can be installed
 * when the first of its classes loads instead of at premain: one whose library the service lacks then loads none
 * of its classes. The record is written by {@link #main} at the build's {@code process-classes} phase.
 */
public final class HookedClasses {
    static final String RESOURCE = "META-INF/graceful-agent/hooked-classes";

    private final Map<String, List<String>> byIntegration;

    private HookedClasses(Map<String, List<String>> byIntegration) {
        this.byIntegration = byIntegration;
    }

    /** The record in the agent jar; empty when it is missing (every integration then installs at start-up). */
    public static HookedClasses read() {
        Map<String, List<String>> byIntegration = new HashMap<>();
        try {
            String text = new String(AgentJar.read(RESOURCE), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                List<String> words = Arrays.asList(line.split(" "));
                if (words.size() > 1) {
                    byIntegration.put(words.get(0), words.subList(1, words.size()));
                }
            }
        } catch (IOException e) {
            byIntegration.clear();
        }
        return new HookedClasses(byIntegration);
    }

    /**
     * The classes the integration hooks, or null when it must install at start-up: nothing recorded for it (its
     * hooks depend on the running JDK), or it hooks a {@code java.*} class. Those load while the JVM and the agent
     * start, some are loaded before premain already, and one needed by the agent's own classes could set off an
     * install while that install runs.
     */
    public List<String> deferrable(String integration) {
        List<String> classes = byIntegration.get(integration);
        if (classes == null) {
            return null;
        }
        for (String className : classes) {
            if (className.startsWith("java/")) {
                return null;
            }
        }
        return classes;
    }

    /** Writes the record to the file named by {@code args[0]}; run by the build. */
    public static void main(String[] args) throws IOException {
        // the defaults: what the build's environment holds must not change the record
        Config config = Config.parse(null, new Properties(), Collections.<String, String>emptyMap(),
                Integrations.names());
        StringBuilder record = new StringBuilder();
        Integrations integrations = new Integrations();
        for (String name : Integrations.order()) {
            Integration integration = integrations.get(name);
            Recorder recorder = new Recorder();
            integration.configure(config);
            integration.install(recorder, new DrainSignal());
            if (!recorder.classes.isEmpty()) {
                record.append(integration.name());
                for (String className : recorder.classes) {
                    record.append(' ').append(className);
                }
                record.append('\n');
            }
        }
        File file = new File(args[0]);
        file.getParentFile().mkdirs();
        try (OutputStream out = Files.newOutputStream(file.toPath())) {
            out.write(record.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Notes the internal names of the hooked classes; places nothing. */
    private static final class Recorder implements Instrumenter {
        final Set<String> classes = new LinkedHashSet<>();

        @Override
        public void hook(String integration, HookPoint point, Bridge.Hook hook) {
            classes.add(point.internalClassName());
        }

        @Override
        public void hookTasks(String integration, HookPoint point, Bridge.TaskHook hook) {
            classes.add(point.internalClassName());
        }
    }
}
