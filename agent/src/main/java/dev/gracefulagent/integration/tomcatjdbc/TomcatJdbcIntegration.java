package dev.gracefulagent.integration.tomcatjdbc;

import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.pool.PoolIntegration;

/**
 * Tomcat JDBC pool: a {@code DataSource} (its {@code DataSourceProxy} base) is found when it creates its
 * {@code ConnectionPool}; a {@code PooledConnection} is borrowed when the pool wraps it for the application
 * and back when the pool takes it back or releases it; {@code DataSourceProxy.close(boolean)} closes the pool
 * ({@code close()} goes through it).
 */
public final class TomcatJdbcIntegration extends PoolIntegration {
    private static final String PROXY = "org.apache.tomcat.jdbc.pool.DataSourceProxy";
    private static final String POOL = "org.apache.tomcat.jdbc.pool.ConnectionPool";
    private static final String WITH_CONNECTION = "(Lorg/apache/tomcat/jdbc/pool/PooledConnection;)";

    public TomcatJdbcIntegration() {
        super("tomcatjdbc");
    }

    @Override
    protected void installHooks(Hooks hooks) {
        hooks.discoverOn(PROXY, "pCreatePool", "()Lorg/apache/tomcat/jdbc/pool/ConnectionPool;");
        // a pool started before an attach is found on its next borrow
        hooks.discoverOn(PROXY, "getConnection", "()Ljava/sql/Connection;");
        hooks.borrowOn(POOL, "setupConnection", WITH_CONNECTION + "Ljava/sql/Connection;", 0);
        hooks.returnOn(POOL, "returnConnection", WITH_CONNECTION + "V", 0);
        hooks.returnOn(POOL, "release", WITH_CONNECTION + "V", 0);
        hooks.closeOn(PROXY, "close", "(Z)V");
    }

    @Override
    protected String label(Object dataSource) throws ReflectiveOperationException {
        return String.valueOf(Reflection.call(dataSource, "getPoolName"));
    }

    @Override
    protected String describeConnection(Object connection) throws ReflectiveOperationException {
        Object pool = Reflection.field(connection, "parent");
        return "connection of " + Reflection.call(pool, "getName") + " (pool: " + Reflection.call(pool, "getActive")
                + " active)";
    }

    @Override
    protected void closePool(Object dataSource) throws Exception {
        Reflection.call(dataSource, "close", Boolean.FALSE);
    }
}
