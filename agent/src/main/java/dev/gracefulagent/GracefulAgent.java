package dev.gracefulagent;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.config.Config;
import dev.gracefulagent.config.ConfigException;
import dev.gracefulagent.config.HelpText;
import dev.gracefulagent.core.ExitPaths;
import dev.gracefulagent.core.InstalledIntegrations;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.core.ShutdownSequence;
import dev.gracefulagent.core.SignalReachability;
import dev.gracefulagent.core.SignalTrap;
import dev.gracefulagent.health.HealthEndpoint;
import dev.gracefulagent.instrument.AgentJar;
import dev.gracefulagent.instrument.BridgeInstaller;
import dev.gracefulagent.jmx.GracefulShutdownMBeanRegistration;
import dev.gracefulagent.instrument.HookTransformer;
import dev.gracefulagent.integration.HookedClasses;
import dev.gracefulagent.integration.Integrations;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.DrainSignal;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.slf4j.Logger;

/** Entry points: {@code -javaagent} (premain), dynamic attach (agentmain) and {@code java -jar} (main). */
public final class GracefulAgent {
    private static volatile boolean installed;

    private GracefulAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        start(args, instrumentation, true);
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        start(args, instrumentation, false);
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.print(HelpText.render(version(), Integrations.names()));
            return;
        }
        if (args[0].equals("attach")) {
            System.exit(Attach.run(args));
        }
        System.err.println("[graceful] ERROR unknown command '" + args[0] + "'; accepted: attach <pid> [options], --help");
        System.exit(2);
    }

    /**
     * Never throws into the JVM. A malformed setting stops a JVM that is starting (the operator sees one line
     * and fixes it) but never one we were attached to while it serves.
     */
    private static void start(String args, Instrumentation instrumentation, boolean atStartup) {
        // the log format before anything is logged, so that even a start-up error reaches a log pipeline as JSON
        Log.setFormat(Config.requestedLogFormat(args));
        final Logger log = Log.get(GracefulAgent.class);
        Config config;
        try {
            config = Config.load(args, Integrations.names());
        } catch (ConfigException e) {
            log.error(e.getMessage());
            if (atStartup) {
                System.exit(2);
            }
            return;
        }
        Log.setLevel(config.logLevel());
        Log.setFormat(config.logFormat());
        for (String warning : config.warnings()) {
            log.warn(warning);
        }
        if (!config.enabled()) {
            log.info("disabled by graceful.enabled=false");
            return;
        }
        try {
            // before any class that mentions the bridge loads (nothing above does), so that it finds the one in the
            // bootstrap loader; not earlier, so that a disabled agent neither opens the JDK nor defines anything
            BridgeInstaller.install(instrumentation);
        } catch (Throwable t) {
            log.error("could not install the bridge; the application runs without graceful shutdown", t);
            return;
        }
        Bridge.logWarningsTo(new Consumer<String>() {
            @Override
            public void accept(String warning) {
                log.warn(warning);
            }
        });
        synchronized (GracefulAgent.class) {
            if (installed) {
                log.warn("already installed in this JVM; ignoring the second load");
                return;
            }
            installed = true;
        }
        try {
            install(config, instrumentation, log, !atStartup);
        } catch (Throwable t) {
            log.error("could not install; the application runs without graceful shutdown", t);
        }
    }

    private static void install(Config config, Instrumentation instrumentation, Logger log, boolean attached)
            throws Exception {
        DrainSignal signal = new DrainSignal();
        HookTransformer transformer = new HookTransformer();
        Integrations integrations = new Integrations();
        InstalledIntegrations active = new InstalledIntegrations(Integrations.order());
        // after an attach the libraries are loaded already: nothing to gain from waiting for them
        HookedClasses hooked = attached ? null : HookedClasses.read();
        for (String name : Integrations.order()) {
            if (config.isExcluded(name)) {
                continue;
            }
            IntegrationInstall install = new IntegrationInstall(integrations, name, config, transformer, signal,
                    active);
            List<String> classes = hooked == null ? null : hooked.deferrable(name);
            if (classes == null) {
                install.run();
            } else {
                transformer.installWhenLoaded(name, classes, install);
            }
        }
        ShutdownSequence sequence = new ShutdownSequence(config.timeoutMillis(), config.preStopDelayMillis(),
                config.idleGraceMillis(), config.listenersKeepOpen(), active.view(), transformer, signal);
        sequence.install();
        ExitPaths.install(sequence, !config.isExcluded(ExitPaths.NAME));
        String agentBuild = config.cacheDir().isEmpty() ? null : AgentJar.build();
        if (agentBuild != null) {
            transformer.cacheWovenClassesIn(config.cacheDir(), agentBuild);
        }
        transformer.installOn(instrumentation, attached);
        List<String> untrapped = SignalTrap.install(config.signals(), sequence);
        if (!untrapped.isEmpty()) {
            log.warn("SIG{} cannot be trapped (is the JVM running with -Xrs?): such a signal ends the JVM without"
                    + " a drain and without shutdown hooks; System.exit still drains", String.join(", SIG", untrapped));
        }
        String unreachable = SignalReachability.check();
        if (unreachable != null) {
            log.warn(unreachable);
        }
        if (config.healthPort() >= 0) {
            log.info("health endpoint on {}: /ready, /live", HealthEndpoint.start(config.healthBind(), config.healthPort()));
        }
        if (config.jmx()) {
            GracefulShutdownMBeanRegistration.register(sequence);
        }
        log.debug("installed: timeout {} ms, integrations {} (the others when their library loads)",
                config.timeoutMillis(), names(active.view()));
    }

    private static List<String> names(List<Integration> integrations) {
        List<String> names = new ArrayList<>();
        for (Integration integration : integrations) {
            names.add(integration.name());
        }
        return names;
    }

    /** An integration made and installed, at premain or when the first class it hooks loads. */
    private static final class IntegrationInstall implements Runnable {
        private final Integrations integrations;
        private final String name;
        private final Config config;
        private final HookTransformer transformer;
        private final DrainSignal signal;
        private final InstalledIntegrations installed;

        IntegrationInstall(Integrations integrations, String name, Config config, HookTransformer transformer,
                        DrainSignal signal, InstalledIntegrations installed) {
            this.integrations = integrations;
            this.name = name;
            this.config = config;
            this.transformer = transformer;
            this.signal = signal;
            this.installed = installed;
        }

        @Override
        public void run() {
            Integration integration = integrations.get(name);
            integration.configure(config);
            integration.install(transformer, signal);
            installed.add(integration);
        }
    }

    static String version() {
        try (InputStream in = GracefulAgent.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
