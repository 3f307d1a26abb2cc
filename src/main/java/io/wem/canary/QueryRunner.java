package io.wem.canary;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.stereotype.Component;

/**
 * Runs the check's one SQL statement in a read-only transaction that is always rolled back, and counts the rows
 * it returns. A statement that writes fails with the server's own error (SQLState 25006), and text with a second
 * statement is rejected before anything reaches the server.
 */
@Component
public final class QueryRunner implements CheckRunner {

    /** SQLState {@code syntax_error}, the code PostgreSQL itself uses for malformed statement text. */
    static final String SYNTAX_ERROR = "42601";

    /** Rows fetched per round trip, so a large result is counted in batches rather than held in memory at once. */
    private static final int FETCH_SIZE = 1000;

    @Override
    public CheckType type() {
        return CheckType.QUERY;
    }

    @Override
    public CheckOutcome run(CanaryCheck check, Context context) throws SQLException {
        String sql = requireOneStatement(check.sql());

        try (Connection connection = context.connection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            CheckOutcome outcome;
            try {
                outcome = countRows(connection, sql, context.timeout().toMillis());
            } catch (SQLException | RuntimeException e) {
                rollbackAfter(connection, e);
                throw e;
            }
            connection.rollback();
            return Thresholds.applyLatency(outcome, check);
        }
    }

    /** Returns {@code sql}, or raises SQLState 42601 when it is empty or contains a second statement. */
    static String requireOneStatement(String sql) throws SQLException {
        if (sql == null || sql.isBlank()) {
            throw new SQLException("The Query check has no SQL statement. Enter one statement, such as SELECT 1.",
                    SYNTAX_ERROR);
        }
        int separator = SqlStatementScanner.secondStatementSeparator(sql);
        if (separator >= 0) {
            throw new SQLException("The Query check must contain exactly one SQL statement, but a second one follows"
                    + " the semicolon at position " + (separator + 1) + ". Remove it, or create another check for it.",
                    SYNTAX_ERROR);
        }
        return sql;
    }

    private static CheckOutcome countRows(Connection connection, String sql, long timeoutMs) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // setReadOnly alone depends on the driver's readOnlyMode setting, so the transaction is made read-only
            // explicitly. SET LOCAL ends with the transaction and so leaves the pooled session as it was.
            statement.execute("SET TRANSACTION READ ONLY");
            statement.execute("SET LOCAL statement_timeout = " + timeoutMs);
        }

        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.setFetchSize(FETCH_SIZE);
            long started = System.nanoTime();
            long rowCount = 0;
            if (statement.execute(sql)) {
                try (ResultSet rows = statement.getResultSet()) {
                    while (rows.next()) {
                        rowCount++;
                    }
                }
            }
            long durationMs = Thresholds.millisSince(started);
            String message = rowCount + (rowCount == 1 ? " row in " : " rows in ") + durationMs + " ms";
            return CheckOutcome.ok(durationMs, rowCount, message);
        }
    }

    /** Rolls back after {@code failure}, keeping a rollback error as suppressed so that the first error is the one reported. */
    private static void rollbackAfter(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackError) {
            failure.addSuppressed(rollbackError);
        }
    }
}
