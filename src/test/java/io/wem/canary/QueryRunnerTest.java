package io.wem.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.wem.cluster.ClusterInfo;
import io.wem.config.WemConfig;
import io.wem.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Query runner against the test PostgreSQL. The latency tests use pg_sleep(0.3), so 300 ms is a lower bound. */
class QueryRunnerTest {

    private static final String PROBE_TABLE = "canary_query_probe";

    private final QueryRunner runner = new QueryRunner();

    @BeforeAll
    static void createProbeTable() {
        TestPostgres.execute(TestPostgres.clusterDataSource(), "CREATE TABLE IF NOT EXISTS " + PROBE_TABLE + " (id integer)");
        TestPostgres.execute(TestPostgres.clusterDataSource(), "TRUNCATE " + PROBE_TABLE);
    }

    @AfterAll
    static void dropProbeTable() {
        TestPostgres.execute(TestPostgres.clusterDataSource(), "DROP TABLE IF EXISTS " + PROBE_TABLE);
    }

    @Test
    void selectCountsRows() throws Exception {
        TestCheckContext context = TestCheckContext.postgres();
        CanaryCheck check = CheckBuilder.check(CheckType.QUERY).sql("SELECT generate_series(1, 3)").build();

        CheckOutcome outcome = runner.run(check, context);

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.rowCount()).isEqualTo(3);
        assertThat(outcome.message()).startsWith("3 rows in ").endsWith(" ms");
        assertThat(context.connectionsLeftOpen()).isZero();
    }

    @Test
    void singleRowUsesSingular() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.QUERY).sql("SELECT 1").build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.postgres());

        assertThat(outcome.rowCount()).isEqualTo(1);
        assertThat(outcome.message()).startsWith("1 row in ");
    }

    @Test
    void statementWithoutResultCountsZero() throws Exception {
        // The semicolons inside the dollar-quoted body must not count as a second statement.
        CanaryCheck check = CheckBuilder.check(CheckType.QUERY)
                .sql("DO $body$ BEGIN PERFORM 1; PERFORM 2; END $body$;")
                .build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.postgres());

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.rowCount()).isZero();
    }

    @Test
    void fastQueryBelowThresholdsIsOk() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.QUERY).sql("SELECT 1").latencyMs(10_000, 20_000).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.postgres());

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
    }

    @Test
    void slowQueryWarns() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.QUERY).sql("SELECT pg_sleep(0.3)").latencyMs(100, 1000).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.postgres());

        assertThat(outcome.status()).isEqualTo(CanaryStatus.WARNING);
        assertThat(outcome.durationMs()).isGreaterThanOrEqualTo(100);
        assertThat(outcome.rowCount()).isEqualTo(1);
        assertThat(outcome.message()).endsWith("at or above the warning threshold of 100 ms");
    }

    @Test
    void slowerQueryIsCritical() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.QUERY).sql("SELECT pg_sleep(0.3)").latencyMs(50, 200).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.postgres());

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.durationMs()).isGreaterThanOrEqualTo(200);
        assertThat(outcome.message()).endsWith("at or above the critical threshold of 200 ms");
    }

    @Test
    void twoStatementsRejectedBeforeConnecting() throws Exception {
        CheckRunner.Context noConnections = new NoConnectionContext(TestCheckContext.postgres());
        CanaryCheck check = CheckBuilder.check(CheckType.QUERY)
                .sql("SELECT 1; INSERT INTO " + PROBE_TABLE + " VALUES (1)")
                .build();

        assertThatThrownBy(() -> runner.run(check, noConnections))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("exactly one SQL statement")
                .hasMessageContaining("semicolon at position 9")
                .extracting(error -> ((SQLException) error).getSQLState())
                .isEqualTo("42601");
        assertThat(probeRows()).isZero();
    }

    @Test
    void emptySqlRejected() throws Exception {
        CheckRunner.Context noConnections = new NoConnectionContext(TestCheckContext.postgres());
        CanaryCheck check = CheckBuilder.check(CheckType.QUERY).sql("  ").build();

        assertThatThrownBy(() -> runner.run(check, noConnections))
                .isInstanceOf(SQLException.class)
                .extracting(error -> ((SQLException) error).getSQLState())
                .isEqualTo("42601");
    }

    @Test
    void insertFailsAsReadOnly() throws Exception {
        TestCheckContext context = TestCheckContext.postgres();
        CanaryCheck check = CheckBuilder.check(CheckType.QUERY).sql("INSERT INTO " + PROBE_TABLE + " VALUES (1)").build();

        assertThatThrownBy(() -> runner.run(check, context))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("read-only transaction")
                .extracting(error -> ((SQLException) error).getSQLState())
                .isEqualTo("25006");
        assertThat(probeRows()).isZero();
        assertThat(context.connectionsLeftOpen()).isZero();
    }

    @Test
    void timeoutCancelsSlowQuery() throws Exception {
        // The session itself has no statement_timeout, so only the runner's SET LOCAL can cancel the sleep.
        TestCheckContext context = TestCheckContext.postgres().withTimeout(Duration.ofSeconds(1)).withoutSessionStatementTimeout();
        CanaryCheck check = CheckBuilder.check(CheckType.QUERY).sql("SELECT pg_sleep(5)").build();

        assertThatThrownBy(() -> runner.run(check, context))
                .isInstanceOf(SQLException.class)
                .extracting(error -> ((SQLException) error).getSQLState())
                .isEqualTo("57014");
        assertThat(context.connectionsLeftOpen()).isZero();
    }

    @Test
    void syntaxErrorPropagates() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.QUERY).sql("SELEC 1").build();

        assertThatThrownBy(() -> runner.run(check, TestCheckContext.postgres()))
                .isInstanceOf(SQLException.class)
                .extracting(error -> ((SQLException) error).getSQLState())
                .isEqualTo("42601");
    }

    private static long probeRows() throws SQLException {
        try (Connection connection = TestPostgres.clusterDataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + PROBE_TABLE)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A context that fails the test when the runner requests a connection. */
    private record NoConnectionContext(CheckRunner.Context delegate) implements CheckRunner.Context {

        @Override
        public Connection connection() {
            throw new AssertionError("The runner opened a connection, but it should have rejected the SQL first");
        }

        @Override
        public ClusterInfo info() {
            return delegate.info();
        }

        @Override
        public WemConfig.ClusterConnectionConfig cluster() {
            return delegate.cluster();
        }

        @Override
        public Duration timeout() {
            return delegate.timeout();
        }
    }
}
