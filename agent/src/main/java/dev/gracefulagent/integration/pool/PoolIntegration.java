package dev.gracefulagent.integration.pool;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * A connection pool library (or a client with a pool inside): its pools are discovered when they start (or,
 * where the library has no such moment an entry hook can see, when they are used), each borrowed connection
 * is a unit of work from the moment the library hands it out until the library takes it back, and the pools
 * are closed in the close phase, after every drain, once each.
 *
 * <p>A pool the application closes while the shutdown is under way (its own shutdown hook, a framework's
 * context closing) is not closed then: that close would abort the transactions still running on borrowed
 * connections. The close is skipped and the agent closes the pool itself once the drain is over.
 */
public abstract class PoolIntegration implements Integration {
    /** Marks the hook argument that is the connection: the hooked object itself. */
    protected static final int SELF = -1;

    private final String name;
    private final Logger log;
    private final PoolSet pools = new PoolSet();
    /** Borrowed connection (the library's own pooled object, which keeps identity equality) to its unit. */
    private final ConcurrentHashMap<Object, Unit> borrowed = new ConcurrentHashMap<>();
    private InFlight connections;
    private volatile boolean closing;

    protected PoolIntegration(String name) {
        this.name = name;
        this.log = Log.get(getClass());
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public String closedNoun() {
        return "pools";
    }

    @Override
    public final void install(Instrumenter instrumenter, DrainSignal signal) {
        connections = new InFlight("borrowed connections", new ConnectionDescriber(), signal);
        installHooks(new Hooks(instrumenter));
    }

    /** Places the library's hooks through the four kinds {@link Hooks} offers. */
    protected abstract void installHooks(Hooks hooks);

    /** The pool's name for log lines, e.g. "HikariPool-1"; may use reflection (never on a hot path). */
    protected abstract String label(Object pool) throws ReflectiveOperationException;

    /** One borrowed connection for the deadline report, naming its pool and what the pool says is busy. */
    protected abstract String describeConnection(Object connection) throws ReflectiveOperationException;

    protected void closePool(Object pool) throws Exception {
        Reflection.call(pool, "close");
    }

    @Override
    public final List<InFlight> inFlight() {
        return Collections.singletonList(connections);
    }

    /** Closes every pool still open, each once; a failure is logged, the others still close, then it throws. */
    @Override
    public final int close() throws Exception {
        closing = true;
        int closed = 0;
        List<String> failed = new ArrayList<>();
        for (PoolSet.Entry entry : pools.snapshot()) {
            Object pool = entry.get();
            if (pool == null || entry.closed) {
                continue;
            }
            String label = safeLabel(pool);
            try {
                closePool(pool);
                entry.closed = true;
                closed++;
                log.info("closed {}{}", label, entry.deferred ? " (the application's earlier close, deferred)" : "");
            } catch (Throwable t) {
                entry.closed = true;
                failed.add(label);
                log.error("could not close {}", label, t);
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " pool(s) failed to close: " + failed + "; closed "
                    + closed + " other(s)");
        }
        return closed;
    }

    private void discovered(Object pool) {
        if (pools.find(pool) == null) {
            pools.register(pool);
            log.debug("found {}", safeLabel(pool));
        }
    }

    private void borrowedOut(Object connection) {
        if (!borrowed.containsKey(connection)) {
            Unit unit = connections.begin(connection);
            if (borrowed.putIfAbsent(connection, unit) != null) {
                unit.end();
            }
        }
    }

    private void returned(Object connection) {
        Unit unit = borrowed.remove(connection);
        if (unit != null) {
            unit.end();
        }
    }

    /** True when the application's close must be skipped now and left to the agent's close phase. */
    private boolean closeRequested(Object pool) {
        PoolSet.Entry entry = pools.register(pool);
        if (closing || entry.closed) {
            entry.closed = true;
            return false;
        }
        if (connections.shutdownHasBegun() || JvmShutdown.inProgress()) {
            if (!entry.deferred) {
                entry.deferred = true;
                log.info("{} closed by the application during the shutdown: deferred until its borrowed"
                        + " connections are back ({} in flight); the agent closes it after the drain",
                        safeLabel(pool), connections.count());
            }
            return true;
        }
        entry.closed = true;
        return false;
    }

    private String safeLabel(Object pool) {
        try {
            return name + " " + label(pool);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return name + " " + pool.getClass().getName();
        }
    }

    /** The four kinds of hook a pool integration places; each names a method by class, name and descriptor. */
    protected final class Hooks {
        private final Instrumenter instrumenter;

        private Hooks(Instrumenter instrumenter) {
            this.instrumenter = instrumenter;
        }

        /**
         * A method of the pool that runs when it starts, or on every use: registers the pool on its first call;
         * later calls find it without a lock.
         */
        public void discoverOn(String className, String method, String descriptor) {
            instrumenter.hook(name, HookPoint.atEntry(className, method, descriptor), new Bridge.Hook() {
                @Override
                public boolean enter(Object pool, Object a, Object b, Object c) {
                    discovered(pool);
                    return false;
                }
            });
        }

        /** A method that runs once each time the library hands out {@code connection} (SELF or a parameter). */
        public void borrowOn(String className, String method, String descriptor, int connection) {
            connectionHook(className, method, descriptor, connection, true);
        }

        /** A method that runs when the library takes {@code connection} back (or destroys it). */
        public void returnOn(String className, String method, String descriptor, int connection) {
            connectionHook(className, method, descriptor, connection, false);
        }

        /** The pool's own close method, every close path of the library passes it; must return void. */
        public void closeOn(String className, String method, String descriptor) {
            instrumenter.hook(name, HookPoint.atEntry(className, method, descriptor).skippingWith(false),
                    new Bridge.Hook() {
                        @Override
                        public boolean enter(Object pool, Object a, Object b, Object c) {
                            return closeRequested(pool);
                        }
                    });
        }

        private void connectionHook(String className, String method, String descriptor, int connection,
                                    final boolean borrow) {
            HookPoint point = connection == SELF ? HookPoint.atEntry(className, method, descriptor)
                    : HookPoint.atEntry(className, method, descriptor, connection);
            instrumenter.hook(name, point, new Bridge.Hook() {
                @Override
                public boolean enter(Object self, Object a, Object b, Object c) {
                    Object pooled = a != null ? a : self;
                    if (borrow) {
                        borrowedOut(pooled);
                    } else {
                        returned(pooled);
                    }
                    return false;
                }
            });
        }
    }

    /** "HikariPool-1 connection (pool: 3 active)"; the unit's thread shows where it was borrowed. */
    private final class ConnectionDescriber implements Describer {
        @Override
        public String describe(Object connection) {
            try {
                return name + ": " + describeConnection(connection);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return name + ": connection " + connection.getClass().getName();
            }
        }

        /** A borrowing thread that runs a pool or server thread shows its stack, where the connection is used. */
        @Override
        public String entryFrame() {
            return "java.lang.Thread.run";
        }
    }
}
