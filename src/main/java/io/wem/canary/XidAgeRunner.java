package io.wem.canary;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.stereotype.Component;

/**
 * Finds the database with the highest transaction ID age, {@code age(datfrozenxid)}, and compares that age with the
 * warning and critical thresholds. The server stops assigning transaction IDs shortly before the age reaches 2^31
 * (about 2.1 billion), to prevent wraparound.
 *
 * <p>NOTE: on WarehousePG this reads the coordinator's {@code pg_database} only. Each segment freezes on its own, so a
 * segment's age can be higher than the one reported here.
 */
@Component
public final class XidAgeRunner implements CheckRunner {

    private static final String OLDEST_DATABASE = """
            SELECT datname, age(datfrozenxid) AS xid_age
            FROM pg_database
            ORDER BY 2 DESC, 1
            LIMIT 1
            """;

    @Override
    public CheckType type() {
        return CheckType.XID_AGE;
    }

    @Override
    public CheckOutcome run(CanaryCheck check, Context context) throws SQLException {
        long started = System.nanoTime();
        String database;
        long age;
        try (Connection connection = context.connection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(OLDEST_DATABASE)) {
            rows.next();
            database = rows.getString("datname");
            age = rows.getLong("xid_age");
        }
        long durationMs = Thresholds.millisSince(started);

        String message = "Highest transaction ID age is " + age + ", in database " + database;
        return Thresholds.applyAbove(CheckOutcome.ok(durationMs, null, message),
                age, check.warningThreshold(), check.criticalThreshold());
    }
}
