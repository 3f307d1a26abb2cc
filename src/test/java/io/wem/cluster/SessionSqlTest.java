package io.wem.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.wem.config.Secret;
import io.wem.config.WemConfig;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WhpgCatalogEmulation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The Query Monitor's session SQL for PostgreSQL and, through the catalog emulation, for WarehousePG 6 and 7. Each
 * test opens real extra sessions on the shared test server as the {@code postgres} superuser (a sleeping query, an
 * idle session, lock holders and waiters) and reads them back through the flavor's SQL, run as the flavor's role.
 * Other tests may leave sessions on the same server, so every assertion picks rows by pid.
 */
class SessionSqlTest {

    private static final String TABLE = "session_sql_test_target";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final String QUERY_CANCELED = "57014";
    private static final String SESSION_APPLICATION_NAME = "session-sql-test-session";

    private final ExecutorService background = Executors.newCachedThreadPool();
    private final List<Session> opened = new ArrayList<>();

    @BeforeAll
    static void installEmulationAndTable() {
        WhpgCatalogEmulation.install(TestPostgres.clusterDataSource());
        TestPostgres.execute(TestPostgres.clusterDataSource(), "DROP TABLE IF EXISTS " + TABLE);
        TestPostgres.execute(TestPostgres.clusterDataSource(), "CREATE TABLE " + TABLE + " (id integer)");
    }

    @AfterAll
    static void dropTable() {
        TestPostgres.execute(TestPostgres.clusterDataSource(), "DROP TABLE IF EXISTS " + TABLE);
    }

    /**
     * Cancels every statement still running in an opened session, then closes the sessions, which rolls back their
     * transactions and releases their locks. Cancelling first keeps a waiter from acquiring a lock and running on.
     */
    @AfterEach
    void closeSessions() throws Exception {
        try {
            for (Session session : opened) {
                session.cancelRunningStatement();
            }
        } finally {
            for (Session session : opened) {
                session.connection.close();
            }
            background.shutdownNow();
        }
    }

    @Test
    void forClusterPicksLineage() {
        assertThat(SessionSql.forCluster(new ClusterInfo(ClusterFlavor.POSTGRESQL, 16, "16.4", false)))
                .isInstanceOf(SessionSql.PostgresSql.class);
        assertThat(SessionSql.forCluster(new ClusterInfo(ClusterFlavor.WAREHOUSEPG, 6, "6.27.1", false)))
                .isInstanceOf(SessionSql.Greenplum6Sql.class);
        assertThat(SessionSql.forCluster(new ClusterInfo(ClusterFlavor.GREENPLUM, 6, "6.26.0", false)))
                .isInstanceOf(SessionSql.Greenplum6Sql.class);
        assertThat(SessionSql.forCluster(new ClusterInfo(ClusterFlavor.WAREHOUSEPG, 7, "7.2.1", false)))
                .isInstanceOf(SessionSql.Greenplum7Sql.class);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void sessionsHaveDocumentedColumns(Flavor flavor) throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("pid", "int4");
        expected.put("session_id", "int8");
        expected.put("usename", "name");
        expected.put("datname", "name");
        expected.put("application_name", "text");
        expected.put("client_addr", "text");
        expected.put("state", "text");
        expected.put("wait", "text");
        expected.put("waiting", "bool");
        expected.put("resource_group", "text");
        expected.put("backend_start", "timestamptz");
        expected.put("xact_start", "timestamptz");
        expected.put("query_start", "timestamptz");
        expected.put("query", "text");
        expected.put("blocked_by", "_int4");
        expected.put("own", "bool");

        Map<String, String> actual = new LinkedHashMap<>();
        try (Connection monitor = flavor.openMonitor();
             PreparedStatement statement = monitor.prepareStatement(flavor.sql().sessions());
             ResultSet rows = statement.executeQuery()) {
            ResultSetMetaData columns = rows.getMetaData();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                actual.put(columns.getColumnLabel(i), columns.getColumnTypeName(i));
            }
        }

        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void sleepingQueryIsActive(Flavor flavor) throws Exception {
        Session sleeper = openSession();
        sleeper.start("SELECT pg_sleep(30)");
        sleeper.awaitActivity("active", null);

        SessionRow row = onlyRow(readSessions(flavor), sleeper.pid);

        assertThat(row.state()).isEqualTo("active");
        assertThat(row.query()).isEqualTo("SELECT pg_sleep(30)");
        assertThat(row.queryStart()).isNotNull();
        assertThat(row.xactStart()).isNotNull();
        assertThat(row.backendStart()).isEqualTo(sleeper.backendStart());
        assertThat(row.sessionId()).isEqualTo(sleeper.pid);
        assertThat(row.usename()).isEqualTo(TestPostgres.USER);
        assertThat(row.datname()).isEqualTo(TestPostgres.CLUSTER_DATABASE);
        assertThat(row.applicationName()).isEqualTo(SESSION_APPLICATION_NAME);
        assertThat(row.clientAddr()).isIn("127.0.0.1", "::1");
        assertThat(row.waiting()).isFalse();
        assertThat(row.waitReason()).isEqualTo(flavor.major == 6 ? null : "Timeout: PgSleep");
        assertThat(row.blockedBy()).isEmpty();
        assertThat(row.resourceGroup()).isEqualTo(flavor.major == 0 ? null : WhpgCatalogEmulation.DEFAULT_GROUP);
        assertThat(row.own()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void idleSessionIsIdle(Flavor flavor) throws Exception {
        Session idle = openSession();
        idle.execute("SELECT 1");

        SessionRow row = onlyRow(readSessions(flavor), idle.pid);

        assertThat(row.state()).isEqualTo("idle");
        assertThat(row.query()).isEqualTo("SELECT 1");
        assertThat(row.xactStart()).isNull();
        assertThat(row.waiting()).isFalse();
        assertThat(row.blockedBy()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void openTransactionIsIdleInTransaction(Flavor flavor) throws Exception {
        Session inTransaction = openSession();
        inTransaction.connection.setAutoCommit(false);
        inTransaction.execute("SELECT 1");

        SessionRow row = onlyRow(readSessions(flavor), inTransaction.pid);

        assertThat(row.state()).isEqualTo("idle in transaction");
        assertThat(row.xactStart()).isNotNull();
        assertThat(row.waiting()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void lockWaiterIsBlockedByHolder(Flavor flavor) throws Exception {
        Session holder = openSession();
        holder.connection.setAutoCommit(false);
        holder.execute("LOCK TABLE " + TABLE + " IN ACCESS EXCLUSIVE MODE");
        Session waiter = openSession();
        waiter.start("SELECT * FROM " + TABLE);
        waiter.awaitActivity("active", "Lock");

        List<SessionRow> sessions = readSessions(flavor);
        SessionRow waiterRow = onlyRow(sessions, waiter.pid);
        SessionRow holderRow = onlyRow(sessions, holder.pid);

        assertThat(waiterRow.waiting()).isTrue();
        assertThat(waiterRow.blockedBy()).containsExactly(holder.pid);
        assertThat(waiterRow.waitReason()).isEqualTo(flavor.major == 6 ? "lock" : "Lock: relation");
        assertThat(waiterRow.state()).isEqualTo("active");
        assertThat(holderRow.waiting()).isFalse();
        assertThat(holderRow.blockedBy()).isEmpty();
        assertThat(holderRow.state()).isEqualTo("idle in transaction");
    }

    /**
     * Blocks an INSERT, which needs a ROW EXCLUSIVE lock, behind two sessions with SHARE locks. A third session has a
     * ROW SHARE lock, which does not conflict, so it must not appear in {@code blocked_by}.
     */
    @ParameterizedTest
    @EnumSource(Flavor.class)
    void waiterOnTwoHoldersIsOneRow(Flavor flavor) throws Exception {
        Session firstHolder = openSession();
        firstHolder.connection.setAutoCommit(false);
        firstHolder.execute("LOCK TABLE " + TABLE + " IN SHARE MODE");
        Session secondHolder = openSession();
        secondHolder.connection.setAutoCommit(false);
        secondHolder.execute("LOCK TABLE " + TABLE + " IN SHARE MODE");
        Session bystander = openSession();
        bystander.connection.setAutoCommit(false);
        bystander.execute("LOCK TABLE " + TABLE + " IN ROW SHARE MODE");
        Session waiter = openSession();
        waiter.start("INSERT INTO " + TABLE + " VALUES (1)");
        waiter.awaitActivity("active", "Lock");

        List<SessionRow> sessions = readSessions(flavor);
        List<SessionRow> waiterRows = sessions.stream().filter(row -> row.pid() == waiter.pid).toList();

        assertThat(waiterRows).hasSize(1);
        assertThat(waiterRows.get(0).waiting()).isTrue();
        assertThat(waiterRows.get(0).blockedBy()).containsExactlyInAnyOrder(firstHolder.pid, secondHolder.pid);
        assertThat(onlyRow(sessions, firstHolder.pid).blockedBy()).isEmpty();
        assertThat(onlyRow(sessions, secondHolder.pid).blockedBy()).isEmpty();
        assertThat(onlyRow(sessions, bystander.pid).blockedBy()).isEmpty();
    }

    /** Blocks an INSERT behind one session with two granted locks on the table that both conflict with it. */
    @ParameterizedTest
    @EnumSource(Flavor.class)
    void holderOfTwoConflictingModesListedOnce(Flavor flavor) throws Exception {
        Session holder = openSession();
        holder.connection.setAutoCommit(false);
        holder.execute("LOCK TABLE " + TABLE + " IN SHARE MODE");
        holder.execute("LOCK TABLE " + TABLE + " IN EXCLUSIVE MODE");
        Session waiter = openSession();
        waiter.start("INSERT INTO " + TABLE + " VALUES (1)");
        waiter.awaitActivity("active", "Lock");

        SessionRow waiterRow = onlyRow(readSessions(flavor), waiter.pid);

        assertThat(waiterRow.blockedBy()).containsExactly(holder.pid);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void locksListGrantedAndAwaitedLock(Flavor flavor) throws Exception {
        Session holder = openSession();
        holder.connection.setAutoCommit(false);
        holder.execute("LOCK TABLE " + TABLE + " IN ACCESS EXCLUSIVE MODE");
        Session waiter = openSession();
        waiter.start("SELECT * FROM " + TABLE);
        waiter.awaitActivity("active", "Lock");

        List<LockRow> holderLocks = readLocks(flavor, holder.pid);
        List<LockRow> waiterLocks = readLocks(flavor, waiter.pid);

        assertThat(onTable(holderLocks)).containsExactly(new LockRow("relation", TABLE, "AccessExclusiveLock", true));
        assertThat(onTable(waiterLocks)).containsExactly(new LockRow("relation", TABLE, "AccessShareLock", false));
        assertThat(holderLocks).extracting(LockRow::locktype).contains("virtualxid");
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void sessionExistsOnlyWithSameBackendStart(Flavor flavor) throws Exception {
        Session idle = openSession();
        OffsetDateTime backendStart = idle.backendStart();

        boolean presentWithRealStart = readPresent(flavor, idle.pid, backendStart);
        boolean presentWithOtherStart = readPresent(flavor, idle.pid, backendStart.minusNanos(1_000));
        boolean presentWithOtherPid = readPresent(flavor, -1, backendStart);

        assertThat(presentWithRealStart).isTrue();
        assertThat(presentWithOtherStart).isFalse();
        assertThat(presentWithOtherPid).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void ownFlagMarksMonitorAndWemSessions(Flavor flavor) throws Exception {
        Session wem = openSession();
        wem.execute("SET application_name = 'WEM'");
        Session lookalike = openSession();
        lookalike.execute("SET application_name = 'WEMbley-etl'");
        Session other = openSession();
        other.execute("SELECT 1");

        List<SessionRow> sessions;
        int monitorPid;
        try (Connection monitor = flavor.openMonitor()) {
            monitorPid = backendPid(monitor);
            sessions = readSessions(flavor, monitor);
        }

        assertThat(onlyRow(sessions, monitorPid).own()).isTrue();
        // The session named WEM belongs to the postgres user, so only a monitor connected as postgres owns it.
        assertThat(onlyRow(sessions, wem.pid).own()).isEqualTo(flavor == Flavor.POSTGRESQL);
        assertThat(onlyRow(sessions, wem.pid).applicationName()).isEqualTo("WEM");
        assertThat(onlyRow(sessions, lookalike.pid).own()).isFalse();
        assertThat(onlyRow(sessions, other.pid).own()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void sessionsOrderedByQueryStartThenPid(Flavor flavor) throws Exception {
        Session sleeper = openSession();
        sleeper.start("SELECT pg_sleep(30)");
        sleeper.awaitActivity("active", null);
        Session idle = openSession();
        idle.execute("SELECT 1");
        Session fresh = openSession();

        List<SessionRow> sessions = readSessions(flavor);

        Comparator<SessionRow> expectedOrder = Comparator
                .comparing(SessionRow::queryStart, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingInt(SessionRow::pid);
        assertThat(onlyRow(sessions, fresh.pid).queryStart()).isNull();
        assertThat(sessions).hasSizeGreaterThanOrEqualTo(3);
        assertThat(sessions).isSortedAccordingTo(expectedOrder);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void backgroundProcessesLeftOut(Flavor flavor) throws Exception {
        List<Integer> backgroundPids = new ArrayList<>();
        try (Connection admin = TestPostgres.clusterDataSource().getConnection();
             Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT pid FROM pg_catalog.pg_stat_activity WHERE backend_type <> 'client backend'")) {
            while (rows.next()) {
                backgroundPids.add(rows.getInt("pid"));
            }
        }

        List<SessionRow> sessions = readSessions(flavor);

        assertThat(backgroundPids).isNotEmpty();
        assertThat(sessions).extracting(SessionRow::pid).doesNotContainAnyElementsOf(backgroundPids);
    }

    /** The lineages under test, each with the role whose {@code search_path} selects its catalog. */
    enum Flavor {
        POSTGRESQL(0, TestPostgres.USER, Secret.NONE),
        WHPG6(6, "whpg6", new Secret(WhpgCatalogEmulation.PASSWORD)),
        WHPG7(7, "whpg7", new Secret(WhpgCatalogEmulation.PASSWORD));

        /** The WarehousePG major version, 0 for plain PostgreSQL. */
        private final int major;
        private final String user;
        private final Secret password;

        Flavor(int major, String user, Secret password) {
            this.major = major;
            this.user = user;
            this.password = password;
        }

        SessionSql sql() {
            ClusterInfo info = major == 0
                    ? new ClusterInfo(ClusterFlavor.POSTGRESQL, 16, "16", false)
                    : new ClusterInfo(ClusterFlavor.WAREHOUSEPG, major, "emulated", true);
            return SessionSql.forCluster(info);
        }

        /**
         * Opens the session that runs the SQL under test, without WEM's application name, so that only its pid can
         * mark it as WEM's own.
         */
        Connection openMonitor() throws SQLException {
            WemConfig.ClusterConnectionConfig cluster = new WemConfig.ClusterConnectionConfig("127.0.0.1",
                    TestPostgres.shared().getPort(), TestPostgres.CLUSTER_DATABASE, user, password, "disable", "auto");
            PGSimpleDataSource source = ClusterConnection.dataSource(cluster);
            source.setApplicationName("session-sql-test");
            return source.getConnection();
        }
    }

    record SessionRow(int pid, long sessionId, String usename, String datname, String applicationName,
                      String clientAddr, String state, String waitReason, Boolean waiting, String resourceGroup,
                      OffsetDateTime backendStart, OffsetDateTime xactStart, OffsetDateTime queryStart, String query,
                      List<Integer> blockedBy, Boolean own) {
    }

    record LockRow(String locktype, String relation, String mode, boolean granted) {
    }

    /** An extra client session opened by the test as the {@code postgres} superuser. */
    private final class Session {

        private final Connection connection;
        private final int pid;
        private Future<?> running;

        /** Takes the pid from the connection's start-up data, so that the session has run no query yet. */
        private Session(Connection connection) throws SQLException {
            this.connection = connection;
            this.pid = connection.unwrap(PGConnection.class).getBackendPID();
        }

        void execute(String sql) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        /** Runs {@code sql} in a background thread, for statements that sleep or wait for a lock. */
        void start(String sql) {
            running = background.submit(() -> {
                execute(sql);
                return null;
            });
        }

        /**
         * Waits until the server reports this session in {@code state} and, when given, with {@code waitEventType}.
         * Reads PostgreSQL's own {@code pg_stat_activity}, so a wrong emulation or SQL under test cannot hide the
         * session from this check.
         */
        void awaitActivity(String state, String waitEventType) {
            await().atMost(READY_TIMEOUT).until(() -> {
                if (running != null && running.isDone()) {
                    running.get();
                    throw new IllegalStateException("The statement of session " + pid + " ended before it was observed");
                }
                try (Connection admin = TestPostgres.clusterDataSource().getConnection();
                     PreparedStatement statement = admin.prepareStatement(
                             "SELECT state, wait_event_type FROM pg_catalog.pg_stat_activity WHERE pid = ?")) {
                    statement.setInt(1, pid);
                    try (ResultSet rows = statement.executeQuery()) {
                        return rows.next() && state.equals(rows.getString("state"))
                                && (waitEventType == null || waitEventType.equals(rows.getString("wait_event_type")));
                    }
                }
            });
        }

        OffsetDateTime backendStart() throws SQLException {
            try (Connection admin = TestPostgres.clusterDataSource().getConnection();
                 PreparedStatement statement = admin.prepareStatement(
                         "SELECT backend_start FROM pg_catalog.pg_stat_activity WHERE pid = ?")) {
                statement.setInt(1, pid);
                try (ResultSet rows = statement.executeQuery()) {
                    assertThat(rows.next()).as("session %d in pg_stat_activity", pid).isTrue();
                    return rows.getObject("backend_start", OffsetDateTime.class);
                }
            }
        }

        /**
         * Cancels the background statement with {@code pg_cancel_backend} and waits for it to end. The statement
         * then fails with SQL state 57014 (query_canceled), which is the expected outcome here.
         */
        void cancelRunningStatement() throws Exception {
            if (running == null || running.isDone()) {
                return;
            }
            try (Connection admin = TestPostgres.clusterDataSource().getConnection();
                 PreparedStatement statement = admin.prepareStatement("SELECT pg_cancel_backend(?)")) {
                statement.setInt(1, pid);
                statement.execute();
            }
            try {
                running.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof SQLException cause && QUERY_CANCELED.equals(cause.getSQLState()))) {
                    throw e;
                }
            }
        }
    }

    /**
     * Opens a session as the {@code postgres} superuser. The driver sends its settings in the start-up message
     * instead of running {@code SET} statements, which it does for servers older than 9.0, so a new session has run
     * no query and has no {@code query_start}.
     */
    private Session openSession() throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {TestPostgres.shared().getPort()});
        source.setDatabaseName(TestPostgres.CLUSTER_DATABASE);
        source.setUser(TestPostgres.USER);
        source.setApplicationName(SESSION_APPLICATION_NAME);
        source.setAssumeMinServerVersion("9.0");
        Session session = new Session(source.getConnection());
        opened.add(session);
        return session;
    }

    private static List<SessionRow> readSessions(Flavor flavor) throws SQLException {
        try (Connection monitor = flavor.openMonitor()) {
            return readSessions(flavor, monitor);
        }
    }

    private static List<SessionRow> readSessions(Flavor flavor, Connection monitor) throws SQLException {
        List<SessionRow> sessions = new ArrayList<>();
        try (PreparedStatement statement = monitor.prepareStatement(flavor.sql().sessions());
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                sessions.add(new SessionRow(rows.getInt("pid"), rows.getLong("session_id"), rows.getString("usename"),
                        rows.getString("datname"), rows.getString("application_name"), rows.getString("client_addr"),
                        rows.getString("state"), rows.getString("wait"), rows.getObject("waiting", Boolean.class),
                        rows.getString("resource_group"), rows.getObject("backend_start", OffsetDateTime.class),
                        rows.getObject("xact_start", OffsetDateTime.class),
                        rows.getObject("query_start", OffsetDateTime.class), rows.getString("query"),
                        integers(rows.getArray("blocked_by")), rows.getObject("own", Boolean.class)));
            }
        }
        return sessions;
    }

    /** Returns the array's elements, or null for SQL NULL so that an assertion on the list fails. */
    private static List<Integer> integers(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        return Arrays.asList((Integer[]) array.getArray());
    }

    private static List<LockRow> readLocks(Flavor flavor, int pid) throws SQLException {
        List<LockRow> locks = new ArrayList<>();
        try (Connection monitor = flavor.openMonitor();
             PreparedStatement statement = monitor.prepareStatement(flavor.sql().locks())) {
            statement.setInt(1, pid);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    locks.add(new LockRow(rows.getString("locktype"), rows.getString("relation"),
                            rows.getString("mode"), rows.getBoolean("granted")));
                }
            }
        }
        return locks;
    }

    private static List<LockRow> onTable(List<LockRow> locks) {
        return locks.stream().filter(lock -> TABLE.equals(lock.relation())).toList();
    }

    private static boolean readPresent(Flavor flavor, int pid, OffsetDateTime backendStart) throws SQLException {
        try (Connection monitor = flavor.openMonitor();
             PreparedStatement statement = monitor.prepareStatement(flavor.sql().sessionExists())) {
            statement.setInt(1, pid);
            statement.setObject(2, backendStart);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("sessionExists returns one row").isTrue();
                boolean present = rows.getBoolean("present");
                assertThat(rows.next()).as("sessionExists returns one row").isFalse();
                return present;
            }
        }
    }

    private static SessionRow onlyRow(List<SessionRow> sessions, int pid) {
        List<SessionRow> matching = sessions.stream().filter(row -> row.pid() == pid).toList();
        assertThat(matching).as("rows for pid %d", pid).hasSize(1);
        return matching.get(0);
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
