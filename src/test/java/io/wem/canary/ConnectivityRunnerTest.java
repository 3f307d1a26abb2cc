package io.wem.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.SQLException;

import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WhpgCatalogEmulation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Connectivity runner against the test PostgreSQL, as the emulation's {@code whpg7} role so that the password
 * travels with the copied configuration. Latency thresholds of 0 ms are always reached, which makes WARNING and
 * CRITICAL deterministic.
 */
class ConnectivityRunnerTest {

    private final ConnectivityRunner runner = new ConnectivityRunner();

    @BeforeAll
    static void installEmulation() {
        WhpgCatalogEmulation.install(TestPostgres.clusterDataSource());
    }

    @Test
    void connectsToClusterDatabase() throws Exception {
        TestCheckContext context = TestCheckContext.whpg(7);
        CanaryCheck check = CheckBuilder.check(CheckType.CONNECTIVITY).build();

        CheckOutcome outcome = runner.run(check, context);

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.rowCount()).isNull();
        assertThat(outcome.message()).startsWith("Connected to postgres and ran SELECT 1 in ").endsWith(" ms");
        assertThat(context.connectionsOpened()).as("the runner must open its own session, not use the pool").isZero();
    }

    @Test
    void connectsToCheckDatabase() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.CONNECTIVITY).database("template1").build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(7));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.message()).startsWith("Connected to template1 and ran SELECT 1");
    }

    @Test
    void missingDatabaseFails() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.CONNECTIVITY).database("canary_no_such_database").build();

        assertThatThrownBy(() -> runner.run(check, TestCheckContext.whpg(7)))
                .isInstanceOf(SQLException.class)
                .extracting(error -> ((SQLException) error).getSQLState())
                .isEqualTo("3D000");
    }

    @Test
    void latencyBelowThresholdsIsOk() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.CONNECTIVITY).latencyMs(10_000, 20_000).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(7));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
    }

    @Test
    void latencyAtWarningThresholdWarns() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.CONNECTIVITY).latencyMs(0, null).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(7));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.WARNING);
        assertThat(outcome.message()).endsWith("at or above the warning threshold of 0 ms");
    }

    @Test
    void latencyAtCriticalThresholdIsCritical() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.CONNECTIVITY).latencyMs(0, 0).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(7));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.message()).endsWith("at or above the critical threshold of 0 ms");
    }

    @Test
    void closedPortFails() throws Exception {
        TestCheckContext context = TestCheckContext.whpg(7).withPort(closedPort());
        CanaryCheck check = CheckBuilder.check(CheckType.CONNECTIVITY).build();

        assertThatThrownBy(() -> runner.run(check, context))
                .isInstanceOf(SQLException.class)
                .extracting(error -> ((SQLException) error).getSQLState())
                .isEqualTo("08001");
    }

    /** Returns a port on 127.0.0.1 that was free a moment ago, so a connection to it is refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
