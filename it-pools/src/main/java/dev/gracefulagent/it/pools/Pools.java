package dev.gracefulagent.it.pools;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/** Opens one pool of the named library, configured the plain way its documentation shows. */
final class Pools {
    private Pools() {
    }

    /** The pool as the application uses it, and how the application closes it. */
    record Opened(DataSource dataSource, AutoCloseable closer) {
    }

    static Opened open(String name, String url, String user) {
        switch (name) {
            case "hikari": {
                HikariDataSource pool = new HikariDataSource();
                pool.setPoolName("it-hikari");
                pool.setJdbcUrl(url);
                pool.setUsername(user);
                return new Opened(pool, pool);
            }
            case "dbcp2":
                return dbcp2(new BasicDataSource(), url, user);
            case "dbcp2-failing":
                return dbcp2(new FailingCloseDataSource(), url, user);
            case "tomcatjdbc": {
                org.apache.tomcat.jdbc.pool.DataSource pool = new org.apache.tomcat.jdbc.pool.DataSource();
                pool.setName("it-tomcatjdbc");
                pool.setUrl(url);
                pool.setUsername(user);
                return new Opened(pool, pool::close);
            }
            case "c3p0": {
                ComboPooledDataSource pool = new ComboPooledDataSource();
                pool.setDataSourceName("it-c3p0");
                pool.setJdbcUrl(url);
                pool.setUser(user);
                return new Opened(pool, pool);
            }
            default:
                throw new IllegalArgumentException("unknown pool " + name);
        }
    }

    private static Opened dbcp2(BasicDataSource pool, String url, String user) {
        pool.setUrl(url);
        pool.setUsername(user);
        return new Opened(pool, pool);
    }

    /** An application's data source whose close fails after the pool closed, e.g. a wrapper's cleanup. */
    static final class FailingCloseDataSource extends BasicDataSource {
        @Override
        public synchronized void close() throws SQLException {
            super.close();
            throw new SQLException("cleanup after close failed");
        }
    }
}
