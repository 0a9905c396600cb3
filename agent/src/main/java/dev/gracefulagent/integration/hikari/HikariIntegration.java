package dev.gracefulagent.integration.hikari;

import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.pool.PoolIntegration;

/**
 * HikariCP 5–6: a {@code HikariDataSource} is found when it seals its configuration, once, as its pool starts
 * (in the constructor taking a configuration, or on the first {@code getConnection}), or after an attach on
 * its next {@code getConnection}; a connection is borrowed when its pool entry creates the proxy handed to the
 * application and back when the entry is recycled (the proxy's close); {@code HikariDataSource.close} is the
 * one way to close the pool.
 */
public final class HikariIntegration extends PoolIntegration {
    private static final String DATA_SOURCE = "com.zaxxer.hikari.HikariDataSource";
    private static final String POOL_ENTRY = "com.zaxxer.hikari.pool.PoolEntry";

    public HikariIntegration() {
        super("hikari");
    }

    @Override
    protected void installHooks(Hooks hooks) {
        // only HikariDataSource calls seal(), on itself
        hooks.discoverOn("com.zaxxer.hikari.HikariConfig", "seal", "()V");
        // a pool started before an attach is found on its next borrow
        hooks.discoverOn(DATA_SOURCE, "getConnection", "()Ljava/sql/Connection;");
        hooks.borrowOn(POOL_ENTRY, "createProxyConnection",
                "(Lcom/zaxxer/hikari/pool/ProxyLeakTask;)Ljava/sql/Connection;", SELF);
        hooks.returnOn(POOL_ENTRY, "recycle", "()V", SELF);
        hooks.closeOn(DATA_SOURCE, "close", "()V");
    }

    @Override
    protected String label(Object dataSource) throws ReflectiveOperationException {
        return String.valueOf(Reflection.call(dataSource, "getPoolName"));
    }

    @Override
    protected String describeConnection(Object poolEntry) throws ReflectiveOperationException {
        Object pool = Reflection.field(poolEntry, "hikariPool");
        return "connection of " + pool + " (pool: " + Reflection.call(pool, "getActiveConnections") + " active)";
    }
}
