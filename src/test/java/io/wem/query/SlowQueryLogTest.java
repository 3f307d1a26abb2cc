package io.wem.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WhpgCatalogEmulation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading slow statements from logs: the csv record splitter, the message and time parsers, the setup advice on a
 * server without a csv log, and the WarehousePG path against the emulated {@code gp_toolkit.gp_log_system}.
 */
class SlowQueryLogTest {

    private static final Instant START = Instant.parse("2026-12-05T08:00:00Z");

    private final DataSource cluster = TestPostgres.clusterDataSource();

    @BeforeEach
    void emptyLogView() {
        WhpgCatalogEmulation.installLogView(cluster);
    }

    @Test
    void csvRecordsSplitQuotedNewlines() {
        String text = "a,\"b,c\",d\n"
                + "x,\"SELECT 1\nFROM \"\"t\"\"\",z\n"
                + "partial,\"still open";
        CsvRecords.Parsed parsed = CsvRecords.parse(text.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.records()).hasSize(2);
        assertThat(parsed.records().get(0)).containsExactly("a", "b,c", "d");
        assertThat(parsed.records().get(1)).containsExactly("x", "SELECT 1\nFROM \"t\"", "z");
        assertThat(parsed.consumed()).isEqualTo(text.indexOf("partial"));
    }

    @Test
    void csvRecordsDecodeMultibyteText() {
        byte[] data = "é,\"ü\"\n".getBytes(StandardCharsets.UTF_8);
        CsvRecords.Parsed parsed = CsvRecords.parse(data);

        assertThat(parsed.records().get(0)).containsExactly("é", "ü");
        assertThat(parsed.consumed()).isEqualTo(data.length);
    }

    @Test
    void messageParserAcceptsStatementsOnly() {
        SlowStatement.Message simple = SlowStatement.parseMessage("duration: 312.456 ms  statement: SELECT pg_sleep(0.3)");
        assertThat(simple.durationMs()).isEqualTo(312.456);
        assertThat(simple.query()).isEqualTo("SELECT pg_sleep(0.3)");

        SlowStatement.Message extended = SlowStatement.parseMessage("duration: 1500 ms  execute <unnamed>: SELECT 1\nFROM t");
        assertThat(extended.durationMs()).isEqualTo(1500);
        assertThat(extended.query()).isEqualTo("SELECT 1\nFROM t");

        assertThat(SlowStatement.parseMessage("duration: 120.000 ms  parse <unnamed>: SELECT 1")).isNull();
        assertThat(SlowStatement.parseMessage("duration: 120.000 ms")).isNull();
        assertThat(SlowStatement.parseMessage("connection authorized: user=postgres")).isNull();
        assertThat(SlowStatement.parseMessage(null)).isNull();
    }

    @Test
    void longStatementIsCutWithNote() {
        String text = "SELECT '" + "x".repeat(SlowStatement.MAX_QUERY_LENGTH) + "'";
        SlowStatement.Message message = SlowStatement.parseMessage("duration: 500 ms  statement: " + text);

        assertThat(message.query().length()).isLessThanOrEqualTo(SlowStatement.MAX_QUERY_LENGTH);
        assertThat(message.query()).startsWith("SELECT 'xxx")
                .endsWith("-- [WEM kept the first 999900 of " + text.length() + " characters]");
    }

    @Test
    void logTimesUseZoneAndAbbreviation() {
        PostgresCsvLog log = new PostgresCsvLog();
        assertThat(log.parseTime("2026-12-05 08:00:01.250 UTC")).isEqualTo(Instant.parse("2026-12-05T08:00:01.250Z"));

        log.setLogZone(ZoneId.of("Europe/Berlin"));
        assertThat(log.parseTime("2026-07-01 12:00:00.000 CEST")).isEqualTo(Instant.parse("2026-07-01T10:00:00Z"));
        // 02:30 happens twice on 2026-10-25 in Berlin: first in summer time, then in winter time.
        assertThat(log.parseTime("2026-10-25 02:30:00.000 CEST")).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(log.parseTime("2026-10-25 02:30:00.000 CET")).isEqualTo(Instant.parse("2026-10-25T01:30:00Z"));
        assertThat(log.parseTime("2026-12-05 07:16:01.000 +0530")).isEqualTo(Instant.parse("2026-12-05T01:46:01Z"));
        assertThat(log.parseTime("2026-12-05 05:00:00.000 -03")).isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
        assertThat(log.parseTime("not a time")).isNull();
    }

    @Test
    void csvRecordBecomesStatement() {
        List<String> record = new ArrayList<>(List.of("2026-12-05 08:00:01.250 UTC", "alice", "sales", "4242", "127.0.0.1:50000",
                "6571a0b2.1092", "7", "SELECT", "2026-12-05 07:59:00 UTC", "3/12", "0", "LOG", "00000",
                "duration: 301.5 ms  statement: SELECT pg_sleep(0.3)", "", "", "", "", "", "", "", "", "psql", "client backend",
                "", "0"));
        SlowStatement statement = new PostgresCsvLog().toStatement(record);

        assertThat(statement.entryKey()).isEqualTo("pg:6571a0b2.1092:7");
        assertThat(statement.loggedAt()).isEqualTo(Instant.parse("2026-12-05T08:00:01.250Z"));
        assertThat(statement.durationMs()).isEqualTo(301.5);
        assertThat(statement.user()).isEqualTo("alice");
        assertThat(statement.database()).isEqualTo("sales");
        assertThat(statement.application()).isEqualTo("psql");
        assertThat(statement.sessionId()).isEqualTo("6571a0b2.1092");
        assertThat(statement.query()).isEqualTo("SELECT pg_sleep(0.3)");

        record.set(11, "ERROR");
        assertThat(new PostgresCsvLog().toStatement(record)).isNull();
    }

    @Test
    void serverWithoutCsvLogGetsAdvice() throws SQLException {
        try (Connection connection = cluster.getConnection()) {
            assertThatThrownBy(() -> new PostgresCsvLog().read(connection, Map.of(), START, new MemorySink()))
                    .isInstanceOf(SlowQueryLog.SetupException.class)
                    .hasMessageContaining("logging_collector is off: set logging_collector = on")
                    .hasMessageContaining("server restart")
                    .hasMessageContaining("log_destination is 'stderr': add csvlog, for example log_destination = 'stderr,csvlog'");
        }
    }

    @Test
    void greenplumReadsCoordinatorStatementsOnce() throws Exception {
        addEntry(START.plusSeconds(1), "seg-1", "con10", "cmd3", "LOG", "duration: 450.0 ms  statement: SELECT count(*) FROM sales");
        addEntry(START.plusSeconds(1), "seg-1", "con11", "cmd1", "LOG", "duration: 120.5 ms  statement: SELECT 2");
        addEntry(START.plusSeconds(2), "seg-1", "con10", "cmd4", "LOG", "statement: SELECT 3");
        addEntry(START.plusSeconds(2), "seg0", "con10", "cmd3", "LOG", "duration: 440.0 ms  statement: SELECT count(*) FROM sales");
        addEntry(START.plusSeconds(3), "seg-1", "con12", "cmd1", "ERROR", "duration: 999.0 ms  statement: SELECT 4");
        MemorySink sink = new MemorySink();

        try (Connection connection = cluster.getConnection()) {
            new GreenplumToolkitLog().read(connection, sink.positions, START, sink);
            new GreenplumToolkitLog().read(connection, sink.positions, START, sink);
        }

        assertThat(sink.stored.values()).extracting(SlowStatement::query)
                .containsExactlyInAnyOrder("SELECT count(*) FROM sales", "SELECT 2");
        SlowStatement first = sink.stored.values().stream().filter(s -> s.durationMs() == 450.0).findFirst().orElseThrow();
        assertThat(first.user()).isEqualTo("gpadmin");
        assertThat(first.database()).isEqualTo("sales");
        assertThat(first.sessionId()).isEqualTo("con10");
        assertThat(first.loggedAt()).isEqualTo(START.plusSeconds(1));
        // Only "duration:" entries of the coordinator are read, so the newest one read decides the position.
        assertThat(sink.positions.get(GreenplumToolkitLog.SOURCE).until()).isEqualTo(START.plusSeconds(1));

        addEntry(START.plusSeconds(5), "seg-1", "con13", "cmd2", "LOG", "duration: 2000 ms  statement: VACUUM sales");
        try (Connection connection = cluster.getConnection()) {
            SlowQueryLog.ReadReport report = new GreenplumToolkitLog().read(connection, sink.positions, START, sink);
            assertThat(report.newStatements()).isEqualTo(1);
        }
        assertThat(sink.stored).hasSize(3);
        assertThat(sink.positions.get(GreenplumToolkitLog.SOURCE).until()).isEqualTo(START.plusSeconds(5));
    }

    @Test
    void greenplumSkipsEntriesBeforeStart() throws Exception {
        addEntry(START.minusSeconds(60), "seg-1", "con1", "cmd1", "LOG", "duration: 450.0 ms  statement: SELECT old");
        addEntry(START.plusSeconds(1), "seg-1", "con1", "cmd2", "LOG", "duration: 450.0 ms  statement: SELECT new");
        MemorySink sink = new MemorySink();

        try (Connection connection = cluster.getConnection()) {
            new GreenplumToolkitLog().read(connection, sink.positions, START, sink);
        }

        assertThat(sink.stored.values()).extracting(SlowStatement::query).containsExactly("SELECT new");
    }

    @Test
    void greenplumWithoutToolkitGetsAdvice() throws SQLException {
        TestPostgres.execute(cluster, "DROP TABLE gp_toolkit.gp_log_system");
        try (Connection connection = cluster.getConnection()) {
            assertThatThrownBy(() -> new GreenplumToolkitLog().read(connection, Map.of(), START, new MemorySink()))
                    .isInstanceOf(SlowQueryLog.SetupException.class)
                    .hasMessageContaining("CREATE EXTENSION gp_toolkit");
        }
    }

    @Test
    void greenplumWithoutPrivilegeGetsAdvice() throws SQLException {
        TestPostgres.execute(cluster, "DROP ROLE IF EXISTS slow_log_reader");
        TestPostgres.execute(cluster, "CREATE ROLE slow_log_reader NOLOGIN");
        try (Connection connection = cluster.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET ROLE slow_log_reader");
            assertThatThrownBy(() -> new GreenplumToolkitLog().read(connection, Map.of(), START, new MemorySink()))
                    .isInstanceOf(SlowQueryLog.SetupException.class)
                    .hasMessageContaining("need a superuser");
            statement.execute("RESET ROLE");
        } finally {
            TestPostgres.execute(cluster, "DROP ROLE slow_log_reader");
        }
    }

    private void addEntry(Instant time, String segment, String session, String command, String severity, String message)
            throws SQLException {
        try (Connection connection = cluster.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO gp_toolkit.gp_log_system (logtime, loguser, logdatabase, logpid, logsession, logcmdcount,
                         logsegment, logseverity, logmessage)
                     VALUES (?, 'gpadmin', 'sales', 'p4242', ?, ?, ?, ?, ?)
                     """)) {
            insert.setTimestamp(1, Timestamp.from(time));
            insert.setString(2, session);
            insert.setString(3, command);
            insert.setString(4, segment);
            insert.setString(5, severity);
            insert.setString(6, message);
            insert.executeUpdate();
        }
    }

    /** Keeps positions and statements in memory with the store's rules: one statement per key, moves only from the expected position. */
    static final class MemorySink implements SlowQueryLog.Sink {

        final Map<String, SlowQueryLog.Position> positions = new HashMap<>();
        final Map<String, SlowStatement> stored = new LinkedHashMap<>();

        @Override
        public int save(String source, SlowQueryLog.Position expected, SlowQueryLog.Position next, List<SlowStatement> statements) {
            if (!Objects.equals(positions.get(source), expected)) {
                return NOT_SAVED;
            }
            positions.put(source, next);
            int before = stored.size();
            statements.forEach(statement -> stored.putIfAbsent(statement.entryKey(), statement));
            return stored.size() - before;
        }

        @Override
        public void forget(String source) {
            positions.remove(source);
        }
    }
}
