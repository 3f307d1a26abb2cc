package io.wem.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wem.cluster.SlowQuerySql;

/**
 * Reads the coordinator's slow statements on WarehousePG and Greenplum from {@code gp_toolkit.gp_log_system}. The
 * view has no byte offsets, so the position is the time of the newest entry read. Each read starts at that time
 * inclusive, because several entries can share it, and the entry key drops the ones already stored.
 */
final class GreenplumToolkitLog implements SlowQueryLog {

    static final String SOURCE = "gp_toolkit.gp_log_system";
    static final int BATCH = 5_000;
    static final int MAX_BATCHES_PER_POLL = 20;

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String INVALID_SCHEMA = "3F000";

    @Override
    public String description() {
        return "the coordinator's entries in " + SOURCE;
    }

    @Override
    public ReadReport read(Connection connection, Map<String, Position> positions, Instant skipBefore, Sink sink)
            throws SQLException, SetupException {
        Position expected = positions.get(SOURCE);
        Instant since = expected == null || expected.until() == null ? skipBefore : expected.until();
        int found = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_POLL; batch++) {
            Batch read = readBatch(connection, since);
            if (read.rows() == 0) {
                break;
            }
            Position next = new Position(0, read.newest());
            int stored = sink.save(SOURCE, expected, next, read.statements());
            if (stored == Sink.NOT_SAVED) {
                break;
            }
            expected = next;
            found += stored;
            // A full batch whose entries all share one time would return the same rows again.
            if (read.rows() < BATCH || read.newest().equals(since)) {
                break;
            }
            since = read.newest();
        }
        return new ReadReport(1, 0, 0, found);
    }

    /** One batch: the rows read, the newest entry's time, and the entries that are slow statements. */
    private record Batch(int rows, Instant newest, List<SlowStatement> statements) {
    }

    private static Batch readBatch(Connection connection, Instant since) throws SQLException, SetupException {
        int rows = 0;
        Instant newest = since;
        List<SlowStatement> statements = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(SlowQuerySql.GREENPLUM_SLOW_ENTRIES)) {
            statement.setTimestamp(1, Timestamp.from(since));
            statement.setInt(2, BATCH);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows++;
                    Instant loggedAt = row.getTimestamp("logtime").toInstant();
                    newest = loggedAt;
                    SlowStatement.Message message = SlowStatement.parseMessage(row.getString("logmessage"));
                    if (message == null) {
                        continue;
                    }
                    String session = row.getString("logsession");
                    String key = "gp:" + session + ":" + row.getString("logcmdcount") + ":" + row.getString("logpid") + ":"
                            + ChronoUnit.MICROS.between(Instant.EPOCH, loggedAt);
                    statements.add(new SlowStatement(key, loggedAt, message.durationMs(), row.getString("loguser"),
                            row.getString("logdatabase"), null, session, message.query()));
                }
            }
        } catch (SQLException e) {
            throw setupProblem(connection, e);
        }
        return new Batch(rows, newest, statements);
    }

    /** Turns a missing view or privilege into advice; other errors pass through. */
    private static SQLException setupProblem(Connection connection, SQLException e) throws SQLException, SetupException {
        String user = connection.getMetaData().getUserName();
        if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
            throw new SetupException("The cluster user " + user + " may not read " + SOURCE
                    + ": the gp_toolkit log views need a superuser, so connect WEM as one (such as gpadmin).");
        }
        if (UNDEFINED_TABLE.equals(e.getSQLState()) || INVALID_SCHEMA.equals(e.getSQLState())) {
            throw new SetupException(SOURCE + " does not exist in the database WEM connects to. On release 7, gp_toolkit is "
                    + "an extension: run CREATE EXTENSION gp_toolkit in that database as a superuser.");
        }
        return e;
    }
}
