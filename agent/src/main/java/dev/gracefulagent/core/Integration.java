package dev.gracefulagent.core;

import dev.gracefulagent.config.Config;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import java.util.Collections;
import java.util.List;

/**
 * What the shutdown sequence sees of a library: hooks to install, intake to stop, work in flight to wait for,
 * resources to close. One implementation per library, in its own package; the sequence knows none by name.
 */
public interface Integration {
    /** The name used by {@code graceful.exclude} and in log lines, e.g. "jetty". */
    String name();

    /** Reads the integration's own settings, if it has any; called once, before {@link #install}. */
    default void configure(Config config) {
    }

    /**
     * Prefixes of the class names whose code opens this integration's listening sockets (e.g.
     * "org.eclipse.jetty.server."): a listener opened with such a class on the stack belongs to this integration,
     * which closes it at stop intake and drains its connections. Every other listener is closed by the agent as
     * unowned (and its connections counted), unless it is the agent's own or infrastructure.
     */
    default List<String> listenerOwners() {
        return Collections.emptyList();
    }

    /**
     * True when {@code listener} is this integration's, which then stops it at stop intake. By default: a class on
     * the stack that bound it starts with one of {@link #listenerOwners()}. An integration that drains only some
     * of a library's servers (those speaking a protocol it understands) decides per listener instead.
     */
    default boolean ownsListener(Listener listener) {
        return listener.wasOpenedByAny(listenerOwners());
    }

    /** The listening sockets this integration saw bound, for the sequence to account for; most see none. */
    default List<Listener> listeners() {
        return Collections.emptyList();
    }

    /**
     * Places the hooks; called once, before any class it hooks is woven: at start-up, or (for one that hooks no
     * {@code java.*} class) on the thread that loads the first class it hooks, which the build recorded (see
     * {@code HookedClasses}). It must therefore hook the same classes whatever the settings, and touch no class
     * but the agent's own.
     */
    void install(Instrumenter instrumenter, DrainSignal signal);

    /**
     * True for schedulers (executors' periodic runs, Quartz, Spring's schedules): the sequence stops their intake
     * before every other integration's, so that no periodic run starts while a slower intake stops.
     */
    default boolean schedulesWork() {
        return false;
    }

    /** Stops new work from entering; returns what was done, for the log, or null when there was nothing to do. */
    default String stopIntake() {
        return null;
    }

    /**
     * The connections the idle grace waits for now that intake stopped: those idle between two requests (HTTP
     * keep-alive), and, where the integration can tell, those receiving a request not begun yet (its first bytes
     * read, the rest on its way), which the drain does not count. How many there are; with {@code close}, the
     * idle ones are closed first (an orderly close) and only they are counted. The sequence keeps them open for
     * the idle grace, during which a request on one is served (see {@link OpenConnections}), then closes those
     * still idle.
     */
    default int idleConnections(boolean close) {
        return 0;
    }

    /**
     * How many of the connections its listeners accepted this integration's servers have taken in (all of them,
     * whatever they carry), or -1 when it cannot tell. The others are between the listener and the server (accepted,
     * not yet registered): their request is on its way, and the idle grace waits for them too.
     */
    default int connectionsAccountedFor() {
        return -1;
    }

    /** The work the drain waits for. */
    default List<InFlight> inFlight() {
        return Collections.emptyList();
    }

    /**
     * Called once the drain finished with nothing left in flight, before the application's own shutdown hooks: for
     * what may only happen once nothing runs, and must not wait for the application's stop of its server (which
     * closes connections without a word), such as an HTTP/2 GOAWAY that closes its connection at once.
     */
    default void drained() {
    }

    /** What {@link #close} counts, as a plural noun for the summary ("pools", "servers"). */
    default String closedNoun() {
        return "resources";
    }

    /**
     * Closes what the application left open, after the drain and after the application's own shutdown hooks;
     * returns how many were closed.
     */
    default int close() throws Exception {
        return 0;
    }
}
