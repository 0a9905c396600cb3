package dev.gracefulagent.integration.executor;

import dev.gracefulagent.config.Config;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.track.InFlight;
import java.util.Collections;
import java.util.List;

/**
 * What the virtual-thread and fork/join integrations share: work without an executor of its own to judge by,
 * judged by where it is started ({@link SiteRules}, with the executor settings), counted as tasks, and after intake
 * stopped the rule for work from an intake the agent does not know ({@link UnknownIntake}).
 */
abstract class StartedWorkIntegration implements Integration {
    private final String name;
    final UnknownIntake unknownIntake;
    ExecutorRules executorRules = new ExecutorRules(Collections.<String>emptyList(), Collections.<String>emptyList());
    SiteRules siteRules = new SiteRules(executorRules);
    /** Set by {@code install}. */
    InFlight tasks;

    /** {@code what}: the kind of work, plural, for the log ("virtual threads"). */
    StartedWorkIntegration(String name, String what) {
        this.name = name;
        this.unknownIntake = new UnknownIntake(what);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public boolean schedulesWork() {
        return true;
    }

    @Override
    public final void configure(Config config) {
        executorRules = new ExecutorRules(config.executorInclude(), config.executorExclude());
        siteRules = new SiteRules(executorRules);
    }

    @Override
    public final String stopIntake() {
        unknownIntake.stop();
        return null;
    }

    @Override
    public final List<InFlight> inFlight() {
        return Collections.singletonList(tasks);
    }
}
