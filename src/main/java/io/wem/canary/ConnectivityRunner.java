package io.wem.canary;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.wem.cluster.ClusterConnection;
import io.wem.config.WemConfig;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.stereotype.Component;

/**
 * Opens a new session to the check's database, runs {@code SELECT 1} and closes it. The session does not come from
 * the pool, because a pooled connection that is already open would hide a cluster that accepts no new logins.
 * The duration covers connecting, logging in and the query.
 */
@Component
public final class ConnectivityRunner implements CheckRunner {

    @Override
    public CheckType type() {
        return CheckType.CONNECTIVITY;
    }

    @Override
    public CheckOutcome run(CanaryCheck check, Context context) throws SQLException {
        WemConfig.ClusterConnectionConfig target = forDatabase(context.cluster(), check.database());
        PGSimpleDataSource source = ClusterConnection.dataSource(target);
        int timeoutSeconds = timeoutSeconds(context);
        source.setConnectTimeout(timeoutSeconds);
        source.setLoginTimeout(timeoutSeconds);
        source.setSocketTimeout(timeoutSeconds);
        source.setOptions("-c statement_timeout=" + context.timeout().toMillis());

        long started = System.nanoTime();
        long durationMs;
        try (Connection connection = source.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
            durationMs = Thresholds.millisSince(started);
        }

        String message = "Connected to " + target.database() + " and ran SELECT 1 in " + durationMs + " ms";
        return Thresholds.applyLatency(CheckOutcome.ok(durationMs, null, message), check);
    }

    /** Returns the cluster configuration with {@code database} in place of its own, or unchanged when none is set. */
    static WemConfig.ClusterConnectionConfig forDatabase(WemConfig.ClusterConnectionConfig cluster, String database) {
        if (database == null || database.isBlank()) {
            return cluster;
        }
        return new WemConfig.ClusterConnectionConfig(cluster.host(), cluster.port(), database, cluster.user(),
                cluster.password(), cluster.sslMode(), cluster.flavor());
    }

    /** Returns the check's timeout in whole seconds, rounded up and at least 1, since the driver reads 0 as no limit. */
    private static int timeoutSeconds(Context context) {
        long millis = context.timeout().toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
    }
}
