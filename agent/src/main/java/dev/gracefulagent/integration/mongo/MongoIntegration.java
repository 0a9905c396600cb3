package dev.gracefulagent.integration.mongo;

import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.pool.PoolIntegration;

/**
 * MongoDB Java driver, synchronous and reactive-streams clients: a {@code MongoClient} is found when the
 * application first asks it for a database or a session (the driver builds clients in constructors, which an
 * entry hook cannot see); a connection is checked out when a server's {@code DefaultConnectionPool} hands it
 * out and back when the pooled connection is closed (checked in); {@code MongoClientImpl.close} closes the
 * client and every pool in it.
 */
public final class MongoIntegration extends PoolIntegration {
    private static final String SYNC = "com.mongodb.client.internal.MongoClientImpl";
    private static final String REACTIVE = "com.mongodb.reactivestreams.client.internal.MongoClientImpl";
    private static final String POOL = "com.mongodb.internal.connection.DefaultConnectionPool";

    public MongoIntegration() {
        super("mongo");
    }

    @Override
    public String closedNoun() {
        return "clients";
    }

    @Override
    protected void installHooks(Hooks hooks) {
        for (String client : new String[] {SYNC, REACTIVE}) {
            String api = client.equals(SYNC) ? "com/mongodb/client/" : "com/mongodb/reactivestreams/client/";
            hooks.discoverOn(client, "getDatabase", "(Ljava/lang/String;)L" + api + "MongoDatabase;");
            hooks.discoverOn(client, "startSession", "()L" + (client.equals(SYNC) ? api + "ClientSession;"
                    : "org/reactivestreams/Publisher;"));
            hooks.closeOn(client, "close", "()V");
        }
        hooks.borrowOn(POOL, "connectionCheckedOut", "(Lcom/mongodb/internal/connection/OperationContext;"
                + "Lcom/mongodb/internal/connection/DefaultConnectionPool$PooledConnection;"
                + "Lcom/mongodb/internal/time/StartTime;)V", 1);
        hooks.returnOn(POOL + "$PooledConnection", "close", "()V", SELF);
    }

    @Override
    protected String label(Object client) throws ReflectiveOperationException {
        Object settings = Reflection.call(Reflection.call(client, "getClusterDescription"), "getClusterSettings");
        return "MongoClient " + Reflection.call(settings, "getHosts");
    }

    @Override
    protected String describeConnection(Object pooledConnection) throws ReflectiveOperationException {
        return "connection " + Reflection.call(pooledConnection, "getDescription");
    }
}
