package dev.gracefulagent.it.safety;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An application whose own shutdown needs its pool, as a Spring context close or a listener container does:
 * its shutdown hook writes a last row through HikariCP. It leaves the pool open, as many applications do.
 */
final class PoolInHookApp {
    private PoolInHookApp() {
    }

    static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(System.getenv("DB_URL"));
        config.setUsername(System.getenv().getOrDefault("DB_USER", "sa"));
        config.setPoolName("hook-pool");
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists hook_rows (id int primary key, note varchar(100))");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> writeLastRow(pool), "app-shutdown-hook"));
        // a service: it runs until it is stopped
        new Thread(() -> SafetyApps.sleep(Long.MAX_VALUE), "service").start();
        System.out.println("pool-in-hook ready on port " + SafetyApps.port());
    }

    private static void writeLastRow(HikariDataSource pool) {
        try (Connection c = pool.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into hook_rows values (1, 'written by the hook')")) {
            insert.executeUpdate();
            System.out.println("[app] hook wrote its row");
        } catch (SQLException | RuntimeException e) {
            System.out.println("[app] hook could not write its row: " + e);
        }
    }
}
