package io.wem.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.wem.cluster.SlowQuerySql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads slow statements from PostgreSQL's csv log through SQL: lists the files with {@code pg_ls_logdir()} and reads
 * each from the byte offset reached last time with {@code pg_read_binary_file()}, in chunks that end at a record
 * boundary.
 */
final class PostgresCsvLog implements SlowQueryLog {

    static final int CHUNK_BYTES = 4 * 1024 * 1024;
    /** A record longer than this (a statement text of many megabytes) is skipped, with a warning, instead of read. */
    static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
    /** Bytes read per poll at most, so that a backlog of old logs is worked off over several polls. */
    static final long POLL_BUDGET_BYTES = 64L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(PostgresCsvLog.class);
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String UNDEFINED_FILE = "58P01";
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]", Locale.ROOT);
    private static final java.util.regex.Pattern NUMERIC_OFFSET = java.util.regex.Pattern.compile("[+-]\\d{2}(\\d{2})?");
    private static final DateTimeFormatter ZONE_ABBREVIATION = DateTimeFormatter.ofPattern("zzz", Locale.ROOT);

    // Columns of the csv log, the same from PostgreSQL 9.0 to 17 up to application_name; later releases add more.
    private static final int LOG_TIME = 0;
    private static final int USER_NAME = 1;
    private static final int DATABASE_NAME = 2;
    private static final int SESSION_ID = 5;
    private static final int SESSION_LINE = 6;
    private static final int SEVERITY = 11;
    private static final int MESSAGE = 13;
    private static final int APPLICATION_NAME = 22;

    private ZoneId logZone = ZoneOffset.UTC;

    @Override
    public String description() {
        return "the csv log files of the server (pg_ls_logdir and pg_read_binary_file)";
    }

    @Override
    public ReadReport read(Connection connection, Map<String, Position> positions, Instant skipBefore, Sink sink)
            throws SQLException, SetupException {
        checkSettings(connection);
        List<LogFile> files = listFiles(connection);
        Set<String> listed = new HashSet<>();
        long budget = POLL_BUDGET_BYTES;
        long bytesRead = 0;
        long behind = 0;
        int found = 0;
        for (LogFile file : files) {
            listed.add(file.name());
            Position stored = positions.get(file.name());
            if (stored == null && file.modified().isBefore(skipBefore)) {
                sink.save(file.name(), null, new Position(file.size(), null), List.of());
                continue;
            }
            // A file smaller than the stored offset was truncated and reused (log_truncate_on_rotation).
            long offset = stored == null || file.size() < stored.offset() ? 0 : stored.offset();
            FileRead result = readFile(connection, file, stored, offset, budget, sink);
            bytesRead += result.bytesRead();
            budget -= result.bytesRead();
            found += result.statements();
            behind += file.size() - result.offset();
        }
        for (String source : positions.keySet()) {
            if (!listed.contains(source)) {
                sink.forget(source);
            }
        }
        return new ReadReport(files.size(), bytesRead, behind, found);
    }

    private record LogFile(String name, long size, Instant modified) {
    }

    private record FileRead(long offset, long bytesRead, int statements) {
    }

    private void checkSettings(Connection connection) throws SQLException, SetupException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(SlowQuerySql.POSTGRES_LOG_SETTINGS)) {
            row.next();
            boolean collector = "on".equalsIgnoreCase(row.getString("logging_collector"));
            String destinations = row.getString("log_destination");
            if (!collector || !hasCsvlog(destinations)) {
                throw new SetupException(setupAdvice(collector, destinations));
            }
            logZone = zone(row.getString("log_timezone"));
        }
    }

    /** Names each missing setting, how to set it and whether it needs a restart. */
    static String setupAdvice(boolean collector, String destinations) {
        StringBuilder advice = new StringBuilder("WEM reads slow statements from the server's csv log, whose columns keep ")
                .append("the user, database, application and statement apart. ");
        if (!collector) {
            advice.append("logging_collector is off: set logging_collector = on, which takes effect after a server restart. ");
        }
        if (!hasCsvlog(destinations)) {
            advice.append("log_destination is '").append(destinations).append("': add csvlog, for example log_destination = '")
                    .append(destinations.isBlank() ? "csvlog" : destinations + ",csvlog")
                    .append("', which a reload (SELECT pg_reload_conf()) applies. ");
        }
        return advice.append("Set them in postgresql.conf or with ALTER SYSTEM.").toString();
    }

    private static boolean hasCsvlog(String destinations) {
        return List.of(destinations.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains("csvlog");
    }

    private static ZoneId zone(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            log.warn("The cluster's log_timezone '{}' is not a zone Java knows; reading log times as UTC", name);
            return ZoneOffset.UTC;
        }
    }

    private static List<LogFile> listFiles(Connection connection) throws SQLException, SetupException {
        List<LogFile> files = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(SlowQuerySql.POSTGRES_LOG_FILES)) {
            while (rows.next()) {
                files.add(new LogFile(rows.getString("name"), rows.getLong("size"),
                        rows.getTimestamp("modification").toInstant()));
            }
        } catch (SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                String user = connection.getMetaData().getUserName();
                throw new SetupException("The cluster user " + user + " may not list the log directory: "
                        + "grant it the pg_monitor role (GRANT pg_monitor TO " + user + ") or connect as a superuser.");
            }
            throw e;
        }
        return files;
    }

    /** Reads one file from {@code offset} until its end or the budget, saving chunk by chunk. */
    private FileRead readFile(Connection connection, LogFile file, Position stored, long offset, long budget, Sink sink)
            throws SQLException, SetupException {
        long bytesRead = 0;
        int statements = 0;
        Position expected = stored;
        while (offset < file.size() && bytesRead < budget) {
            int length = (int) Math.min(CHUNK_BYTES, file.size() - offset);
            byte[] data = readChunk(connection, file.name(), offset, length);
            if (data == null) {
                sink.forget(file.name());
                return new FileRead(file.size(), bytesRead, statements);
            }
            CsvRecords.Parsed parsed = CsvRecords.parse(data);
            while (parsed.consumed() == 0 && data.length == length && length < MAX_RECORD_BYTES
                    && offset + length < file.size()) {
                length = (int) Math.min((long) length * 2, Math.min(MAX_RECORD_BYTES, file.size() - offset));
                data = readChunk(connection, file.name(), offset, length);
                if (data == null) {
                    sink.forget(file.name());
                    return new FileRead(file.size(), bytesRead, statements);
                }
                parsed = CsvRecords.parse(data);
            }
            int consumed = parsed.consumed();
            if (consumed == 0) {
                if (length < MAX_RECORD_BYTES) {
                    // The last record is still being written; it is read at the next poll.
                    break;
                }
                log.warn("Skipped {} bytes of {} at offset {}: a log record longer than {} MiB", data.length, file.name(),
                        offset, MAX_RECORD_BYTES / (1024 * 1024));
                consumed = data.length;
            }
            List<SlowStatement> found = new ArrayList<>();
            for (List<String> record : parsed.records()) {
                SlowStatement statement = toStatement(record);
                if (statement != null) {
                    found.add(statement);
                }
            }
            Position next = new Position(offset + consumed, null);
            int saved = sink.save(file.name(), expected, next, found);
            if (saved == Sink.NOT_SAVED) {
                return new FileRead(offset, bytesRead, statements);
            }
            expected = next;
            offset += consumed;
            bytesRead += data.length;
            statements += saved;
        }
        return new FileRead(offset, bytesRead, statements);
    }

    /** Returns the bytes, or null when the file disappeared since it was listed. */
    private static byte[] readChunk(Connection connection, String name, long offset, int length)
            throws SQLException, SetupException {
        try (PreparedStatement statement = connection.prepareStatement(SlowQuerySql.POSTGRES_READ_LOG)) {
            statement.setString(1, name);
            statement.setLong(2, offset);
            statement.setLong(3, length);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBytes("chunk");
            }
        } catch (SQLException e) {
            if (UNDEFINED_FILE.equals(e.getSQLState())) {
                log.info("The log file {} disappeared before WEM read it", name);
                return null;
            }
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                String user = connection.getMetaData().getUserName();
                throw new SetupException("The cluster user " + user + " may not read log files: run GRANT EXECUTE ON FUNCTION "
                        + "pg_read_binary_file(text, bigint, bigint) TO " + user + ", and also GRANT pg_read_server_files TO "
                        + user + " when log_directory is outside the data directory; or connect as a superuser.");
            }
            throw e;
        }
    }

    /** Returns the slow statement that a csv record logged, or null for every other record. */
    SlowStatement toStatement(List<String> record) {
        if (record.size() <= APPLICATION_NAME || !"LOG".equals(record.get(SEVERITY))) {
            return null;
        }
        SlowStatement.Message message = SlowStatement.parseMessage(record.get(MESSAGE));
        if (message == null) {
            return null;
        }
        Instant loggedAt = parseTime(record.get(LOG_TIME));
        if (loggedAt == null) {
            return null;
        }
        String sessionId = record.get(SESSION_ID);
        return new SlowStatement("pg:" + sessionId + ":" + record.get(SESSION_LINE), loggedAt, message.durationMs(),
                blankToNull(record.get(USER_NAME)), blankToNull(record.get(DATABASE_NAME)),
                blankToNull(record.get(APPLICATION_NAME)), blankToNull(sessionId), message.query());
    }

    /**
     * Parses a log time such as "2026-12-05 01:02:03.456 CET". The abbreviation alone does not identify a zone, so
     * the time is read in {@code log_timezone}, and the abbreviation only picks the offset in the hour that a change
     * from summer time repeats. A numeric offset such as "+0530" is used as it is.
     * NOTE: a line written before a change of {@code log_timezone} and read after it is read in the new zone, unless
     * it carries UTC, GMT or a numeric offset.
     */
    Instant parseTime(String text) {
        int space = text.lastIndexOf(' ');
        if (space < 0) {
            return null;
        }
        String abbreviation = text.substring(space + 1);
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(text.substring(0, space), LOCAL_TIME);
        } catch (DateTimeParseException e) {
            log.debug("Skipped a log record with the time '{}'", text);
            return null;
        }
        if (abbreviation.equals("UTC") || abbreviation.equals("GMT")) {
            return local.toInstant(ZoneOffset.UTC);
        }
        if (NUMERIC_OFFSET.matcher(abbreviation).matches()) {
            // Zones without an abbreviation, such as Asia/Kolkata, log their offset, which is exact.
            return local.toInstant(ZoneOffset.of(abbreviation.length() == 3 ? abbreviation : abbreviation.substring(0, 3) + ":"
                    + abbreviation.substring(3)));
        }
        ZonedDateTime earlier = local.atZone(logZone).withEarlierOffsetAtOverlap();
        ZonedDateTime later = earlier.withLaterOffsetAtOverlap();
        if (!earlier.equals(later) && ZONE_ABBREVIATION.format(later).equals(abbreviation)) {
            return later.toInstant();
        }
        return earlier.toInstant();
    }

    void setLogZone(ZoneId zone) {
        this.logZone = zone;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
