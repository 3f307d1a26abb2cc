package io.wem.canary;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.wem.cluster.CanarySql;
import org.springframework.stereotype.Component;

/**
 * Counts the client sessions on the coordinator that are running a statement ({@code state = 'active'}), leaving out
 * the check's own session, and compares the count with the warning and critical thresholds.
 */
@Component
public final class ActiveConnectionsRunner implements CheckRunner {

    @Override
    public CheckType type() {
        return CheckType.ACTIVE_CONNECTIONS;
    }

    @Override
    public CheckOutcome run(CanaryCheck check, Context context) throws SQLException {
        String sql = CanarySql.forCluster(context.info()).activeSessions();

        long started = System.nanoTime();
        long active;
        try (Connection connection = context.connection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            active = rows.getLong("active_sessions");
        }
        long durationMs = Thresholds.millisSince(started);

        String message = active + (active == 1 ? " active session" : " active sessions");
        return Thresholds.applyAbove(CheckOutcome.ok(durationMs, active, message),
                active, check.warningThreshold(), check.criticalThreshold());
    }
}
