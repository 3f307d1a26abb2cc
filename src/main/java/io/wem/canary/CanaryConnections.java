package io.wem.canary;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.wem.cluster.ClusterConnection;
import io.wem.config.WemConfig;
import io.wem.settings.SettingsStore;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The canary checks' own small connection pools, one per target database, apart from the pool that serves the
 * pages, so slow or hung checks cannot take the connections that the Dashboard needs.
 */
@Component
class CanaryConnections implements DisposableBean {

    static final int POOL_SIZE = 4;
    static final Duration CONNECTION_WAIT = Duration.ofSeconds(3);

    private final WemConfig.ClusterConnectionConfig cluster;
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();

    CanaryConnections(WemConfig config, SettingsStore settings) {
        this.cluster = settings.startedWith().cluster(config.cluster().flavor());
    }

    /** Returns the connection settings for {@code database}, or for WEM's cluster database when it is null. */
    WemConfig.ClusterConnectionConfig cluster(String database) {
        if (database == null || database.equals(cluster.database())) {
            return cluster;
        }
        return new WemConfig.ClusterConnectionConfig(cluster.host(), cluster.port(), database, cluster.user(),
                cluster.password(), cluster.sslMode(), cluster.flavor());
    }

    /** Returns a pooled connection to {@code database} whose statements stop on the server after {@code timeout}. */
    Connection connection(String database, Duration timeout) throws SQLException {
        WemConfig.ClusterConnectionConfig target = cluster(database);
        HikariDataSource pool = pools.computeIfAbsent(target.database(), name -> new HikariDataSource(poolConfig(target)));
        Connection connection = pool.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = " + timeout.toMillis());
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static HikariConfig poolConfig(WemConfig.ClusterConnectionConfig target) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("wem-canary-" + target.database());
        pool.setDataSource(ClusterConnection.dataSource(target));
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        pool.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        pool.setInitializationFailTimeout(-1);
        pool.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        pool.setMaxLifetime(Duration.ofMinutes(10).toMillis());
        return pool;
    }

    @Override
    public void destroy() {
        pools.values().forEach(HikariDataSource::close);
    }
}
