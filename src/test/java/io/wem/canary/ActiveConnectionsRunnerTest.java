package io.wem.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WhpgCatalogEmulation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Active Connections runner on plain PostgreSQL and on the WarehousePG 6 and 7 emulations (release 6 reads the
 * emulated {@code pg_stat_activity}). It uses a server of its own, where no other test opens sessions, so the
 * counts are exact: 0 while idle, proving that the runner leaves out its own session, and 1 while a second session
 * runs {@code pg_sleep}.
 */
class ActiveConnectionsRunnerTest {

    private static EmbeddedPostgres server;

    private final ActiveConnectionsRunner runner = new ActiveConnectionsRunner();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private Connection sleeperConnection;
    private Statement sleeper;
    private Future<?> sleeping;

    @BeforeAll
    static void startServer() {
        server = TestPostgres.start(null, 0);
        WhpgCatalogEmulation.install(server.getPostgresDatabase());
    }

    @AfterAll
    static void stopServer() {
        TestPostgres.close(server);
    }

    @AfterEach
    void stopSleeper() throws Exception {
        if (sleeper != null) {
            sleeper.cancel();
            sleeping.get(10, TimeUnit.SECONDS);
            sleeperConnection.close();
        }
        background.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "whpg6", "whpg7"})
    void ownSessionNotCounted(String flavor) throws Exception {
        TestCheckContext context = context(flavor);
        CanaryCheck check = CheckBuilder.check(CheckType.ACTIVE_CONNECTIONS).thresholds(0L, 0L).build();

        CheckOutcome outcome = runner.run(check, context);

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.rowCount()).isZero();
        assertThat(outcome.message()).isEqualTo("0 active sessions");
        assertThat(context.connectionsLeftOpen()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "whpg6", "whpg7"})
    void countBelowThresholdsIsOk(String flavor) throws Exception {
        startSleeper();
        CanaryCheck check = CheckBuilder.check(CheckType.ACTIVE_CONNECTIONS).thresholds(1L, 2L).build();

        CheckOutcome outcome = runner.run(check, context(flavor));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.rowCount()).isEqualTo(1);
        assertThat(outcome.message()).isEqualTo("1 active session");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "whpg6", "whpg7"})
    void countAboveWarningWarns(String flavor) throws Exception {
        startSleeper();
        CanaryCheck check = CheckBuilder.check(CheckType.ACTIVE_CONNECTIONS).thresholds(0L, 1L).build();

        CheckOutcome outcome = runner.run(check, context(flavor));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.WARNING);
        assertThat(outcome.message()).isEqualTo("1 active session, above the warning threshold of 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "whpg6", "whpg7"})
    void countAboveCriticalIsCritical(String flavor) throws Exception {
        startSleeper();
        CanaryCheck check = CheckBuilder.check(CheckType.ACTIVE_CONNECTIONS).thresholds(0L, 0L).build();

        CheckOutcome outcome = runner.run(check, context(flavor));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.message()).isEqualTo("1 active session, above the critical threshold of 0");
    }

    private static TestCheckContext context(String flavor) throws SQLException {
        return switch (flavor) {
            case "whpg6" -> TestCheckContext.whpg(6, server.getPort());
            case "whpg7" -> TestCheckContext.whpg(7, server.getPort());
            default -> TestCheckContext.postgres(server.getPort());
        };
    }

    /** Starts {@code pg_sleep} in a second session and waits until pg_stat_activity shows that session active. */
    private void startSleeper() throws Exception {
        sleeperConnection = server.getPostgresDatabase().getConnection();
        int pid;
        try (Statement statement = sleeperConnection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            pid = rows.getInt(1);
        }
        sleeper = sleeperConnection.createStatement();
        sleeping = background.submit(() -> {
            try {
                sleeper.execute("SELECT pg_sleep(30)");
            } catch (SQLException cancelled) {
                // stopSleeper cancels the sleep, which ends it with SQLState 57014.
            }
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> isActive(pid));
    }

    /** Returns whether {@code pid} is running a statement, checked from a session that ends before the runner starts. */
    private static boolean isActive(int pid) throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT state FROM pg_stat_activity WHERE pid = ?")) {
            statement.setInt(1, pid);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && "active".equals(rows.getString("state"));
            }
        }
    }
}
