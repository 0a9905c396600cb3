package dev.gracefulagent.integration.dbcp2;

import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.pool.PoolIntegration;

/**
 * Apache Commons DBCP2: a {@code BasicDataSource} is found when it creates (or returns) its inner data source
 * on each {@code getConnection}; a {@code PoolableConnection} is borrowed when the pool activates it and back
 * when the pool passivates it on return or destroys it; {@code BasicDataSource.close} closes the pool.
 */
public final class Dbcp2Integration extends PoolIntegration {
    private static final String DATA_SOURCE = "org.apache.commons.dbcp2.BasicDataSource";
    private static final String DELEGATING = "org.apache.commons.dbcp2.DelegatingConnection";

    public Dbcp2Integration() {
        super("dbcp2");
    }

    @Override
    protected void installHooks(Hooks hooks) {
        hooks.discoverOn(DATA_SOURCE, "createDataSource", "()Ljavax/sql/DataSource;");
        hooks.borrowOn(DELEGATING, "activate", "()V", SELF);
        hooks.returnOn(DELEGATING, "passivate", "()V", SELF);
        hooks.returnOn("org.apache.commons.dbcp2.PoolableConnection", "reallyClose", "()V", SELF);
        hooks.closeOn(DATA_SOURCE, "close", "()V");
    }

    @Override
    protected String label(Object dataSource) throws ReflectiveOperationException {
        return "BasicDataSource " + Reflection.call(dataSource, "getUrl");
    }

    @Override
    protected String describeConnection(Object connection) throws ReflectiveOperationException {
        Object pool = Reflection.field(connection, "pool");
        return "connection " + connection + " (pool: " + Reflection.call(pool, "getNumActive") + " active)";
    }
}
