package io.wem.cluster;

/**
 * The SQL that reads slow statements from the coordinator's server log, with no agent on the host. PostgreSQL keeps
 * its csv log under {@code log_directory}, which {@code pg_ls_logdir()} lists and {@code pg_read_binary_file()}
 * reads by byte offset. WarehousePG and Greenplum expose the csv logs of every instance through the external tables
 * behind {@code gp_toolkit.gp_log_system}, in which the coordinator's entries have {@code logsegment = 'seg-1'}.
 */
public final class SlowQuerySql {

    /**
     * The settings that decide whether a csv log exists, in one row: {@code logging_collector}, {@code log_destination},
     * {@code log_timezone} (the zone of the log's times) and {@code log_min_duration_statement}.
     */
    public static final String POSTGRES_LOG_SETTINGS = """
            SELECT current_setting('logging_collector') AS logging_collector,
                   current_setting('log_destination') AS log_destination,
                   current_setting('log_timezone') AS log_timezone,
                   current_setting('log_min_duration_statement') AS log_min_duration_statement
            """;

    /**
     * The csv log files, oldest first. Columns: {@code name}, {@code size} (bytes) and {@code modification}. Needs
     * superuser or the {@code pg_monitor} role.
     */
    public static final String POSTGRES_LOG_FILES = """
            SELECT name, size, modification FROM pg_ls_logdir()
            WHERE name LIKE '%.csv'
            ORDER BY modification, name
            """;

    /**
     * Bytes of one log file. Parameters: the file name from {@link #POSTGRES_LOG_FILES}, the offset and the length.
     * The binary variant returns bytes, so that an offset inside a multibyte character cannot fail the read. On
     * PostgreSQL 11 and later the function needs superuser or an EXECUTE grant, and {@code pg_read_server_files}
     * when {@code log_directory} is an absolute path outside the data directory.
     */
    public static final String POSTGRES_READ_LOG = """
            SELECT pg_read_binary_file(current_setting('log_directory') || '/' || ?, ?, ?) AS chunk
            """;

    /** The coordinator's {@code log_min_duration_statement} on any flavor, as text such as "100ms" or "-1". */
    public static final String LOG_MIN_DURATION = "SELECT current_setting('log_min_duration_statement')";

    /**
     * The coordinator's "duration: ... ms" entries logged at or after a time, oldest first. Parameters: the time
     * (timestamptz) and the maximum number of rows. Columns: {@code logtime}, {@code loguser}, {@code logdatabase},
     * {@code logpid}, {@code logsession}, {@code logcmdcount} and {@code logmessage}. Needs superuser.
     * NOTE: the view scans the csv logs of every instance through external tables, so its cost grows with the logs
     * of the whole cluster, and the scan must finish within the connection's statement timeout.
     */
    public static final String GREENPLUM_SLOW_ENTRIES = """
            SELECT logtime, loguser, logdatabase, logpid, logsession, logcmdcount, logmessage
            FROM gp_toolkit.gp_log_system
            WHERE logsegment = 'seg-1' AND logseverity = 'LOG' AND logmessage LIKE 'duration: %'
              AND logtime >= ?
            ORDER BY logtime
            LIMIT ?
            """;

    private SlowQuerySql() {
    }
}
