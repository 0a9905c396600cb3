package dev.gracefulagent.integration.c3p0;

import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.pool.PoolIntegration;

/**
 * c3p0: a pooled data source ({@code ComboPooledDataSource} and the others built on
 * {@code AbstractPoolBackedDataSource}) is found when it fetches its pool manager on each
 * {@code getConnection}; a pooled connection is borrowed when the pool marks the start of its request and
 * back when the pool checks it in; {@code AbstractPoolBackedDataSource.close()} closes the pool
 * ({@code close(boolean)} goes through it).
 */
public final class C3p0Integration extends PoolIntegration {
    private static final String DATA_SOURCE = "com.mchange.v2.c3p0.impl.AbstractPoolBackedDataSource";
    private static final String POOL = "com.mchange.v2.c3p0.impl.C3P0PooledConnectionPool";

    public C3p0Integration() {
        super("c3p0");
    }

    @Override
    protected void installHooks(Hooks hooks) {
        hooks.discoverOn(DATA_SOURCE, "getPoolManager", "()Lcom/mchange/v2/c3p0/impl/C3P0PooledConnectionPoolManager;");
        hooks.borrowOn(POOL, "markBeginRequest", "(Ljavax/sql/PooledConnection;)V", 0);
        hooks.returnOn(POOL, "checkinPooledConnection", "(Ljavax/sql/PooledConnection;)V", 0);
        hooks.closeOn(DATA_SOURCE, "close", "()V");
    }

    @Override
    protected String label(Object dataSource) throws ReflectiveOperationException {
        return String.valueOf(Reflection.call(dataSource, "getDataSourceName"));
    }

    @Override
    protected String describeConnection(Object pooledConnection) throws ReflectiveOperationException {
        return "pooled connection " + pooledConnection;
    }
}
