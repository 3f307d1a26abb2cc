package io.wem.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A log of the cluster from which WEM reads slow statements incrementally: {@link PostgresCsvLog} for PostgreSQL and
 * {@link GreenplumToolkitLog} for WarehousePG and Greenplum.
 */
interface SlowQueryLog {

    /**
     * How far a source has been read: a byte offset into a csv log file, or the time of the newest entry read from
     * a view that has no offsets.
     */
    record Position(long offset, Instant until) {
    }

    /**
     * The outcome of one read. {@code bytesBehind} counts csv log bytes left for the next poll because of the read
     * budget, and {@code newStatements} counts statements stored for the first time.
     */
    record ReadReport(int sources, long bytesRead, long bytesBehind, int newStatements) {
    }

    /** Receives what a read found, source by source and chunk by chunk. */
    interface Sink {

        /** The result of {@link #save} when another WEM instance moved the source first. */
        int NOT_SAVED = -1;

        /**
         * Stores the statements and moves the source from {@code expected} (null for a new source) to {@code next}
         * in one transaction. Returns the number of statements that were not stored before, or {@link #NOT_SAVED},
         * storing nothing, when another WEM instance moved the source first.
         */
        int save(String source, Position expected, Position next, List<SlowStatement> statements);

        /** Forgets a source that no longer exists, such as a deleted log file. */
        void forget(String source);
    }

    /** Tells the Admin which cluster setting or privilege is missing, and why WEM needs it. */
    final class SetupException extends Exception {

        SetupException(String message) {
            super(message);
        }
    }

    /** Names the source for the page, such as "csv log files in log" or "gp_toolkit.gp_log_system". */
    String description();

    /**
     * Reads what was logged since the stored positions and hands it to the sink. A source without a position starts
     * at its beginning, except that csv files last written before {@code skipBefore} are marked as read without being read.
     */
    ReadReport read(Connection connection, Map<String, Position> positions, Instant skipBefore, Sink sink)
            throws SQLException, SetupException;
}
