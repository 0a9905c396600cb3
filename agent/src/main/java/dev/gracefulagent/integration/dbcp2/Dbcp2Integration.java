package dev.gracefulagent.integration.dbcp2;

import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.pool.PoolIntegration;

/**
 * Apache Commons DBCP2: a {@code BasicDataSource} is found when it creates its connection pool, once, on the
 * first {@code getConnection}; a pooled connection is borrowed when the pool has its factory activate it
 * and back when the factory passivates it on return or destroys it (the factory's methods, not the
 * connection's own {@code activate}, which also runs on a wrapped statement-pooling connection);
 * {@code BasicDataSource.close} closes the pool.
 */
public final class Dbcp2Integration extends PoolIntegration {
    private static final String DATA_SOURCE = "org.apache.commons.dbcp2.BasicDataSource";
    private static final String FACTORY = "org.apache.commons.dbcp2.PoolableConnectionFactory";
    private static final String WITH_POOLED = "(Lorg/apache/commons/pool2/PooledObject;";

    public Dbcp2Integration() {
        super("dbcp2");
    }

    @Override
    protected void installHooks(Hooks hooks) {
        hooks.discoverOn(DATA_SOURCE, "createConnectionPool",
                "(Lorg/apache/commons/dbcp2/PoolableConnectionFactory;)V");
        // a pool started before an attach is found on its next borrow
        hooks.discoverOn(DATA_SOURCE, "getConnection", "()Ljava/sql/Connection;");
        hooks.borrowOn(FACTORY, "activateObject", WITH_POOLED + ")V", 0);
        hooks.returnOn(FACTORY, "passivateObject", WITH_POOLED + ")V", 0);
        hooks.returnOn(FACTORY, "destroyObject", WITH_POOLED + ")V", 0);
        hooks.returnOn(FACTORY, "destroyObject", WITH_POOLED + "Lorg/apache/commons/pool2/DestroyMode;)V", 0);
        hooks.closeOn(DATA_SOURCE, "close", "()V");
    }

    @Override
    protected String label(Object dataSource) throws ReflectiveOperationException {
        return "BasicDataSource " + Reflection.call(dataSource, "getUrl");
    }

    @Override
    protected String describeConnection(Object pooledObject) throws ReflectiveOperationException {
        Object connection = Reflection.call(pooledObject, "getObject");
        Object pool = Reflection.field(connection, "pool");
        return "connection " + connection + " (pool: " + Reflection.call(pool, "getNumActive") + " active)";
    }
}
