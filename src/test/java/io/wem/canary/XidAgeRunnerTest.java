package io.wem.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.wem.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Transaction ID Age runner against the real age on the test PostgreSQL. That age never falls during a test:
 * template0 takes no connections, so it is never vacuumed and its age grows with every transaction ID assigned, and no
 * database can be older than the template it was copied from.
 */
class XidAgeRunnerTest {

    private final XidAgeRunner runner = new XidAgeRunner();
    private long currentAge;

    @BeforeEach
    void readCurrentAge() throws SQLException {
        try (Connection connection = TestPostgres.clusterDataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT max(age(datfrozenxid)) FROM pg_database")) {
            rows.next();
            currentAge = rows.getLong(1);
        }
        assertThat(currentAge).as("age(datfrozenxid) of the oldest database").isPositive();
    }

    @Test
    void ageBelowThresholdsIsOk() throws Exception {
        TestCheckContext context = TestCheckContext.postgres();
        CanaryCheck check = CheckBuilder.check(CheckType.XID_AGE)
                .thresholds(currentAge + 1_000_000, currentAge + 2_000_000)
                .build();

        CheckOutcome outcome = runner.run(check, context);

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.message()).matches("Highest transaction ID age is \\d+, in database \\w+");
        assertThat(context.connectionsLeftOpen()).isZero();
    }

    @Test
    void ageAboveWarningWarns() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.XID_AGE).thresholds(currentAge - 1, currentAge + 1_000_000).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.postgres());

        assertThat(outcome.status()).isEqualTo(CanaryStatus.WARNING);
        assertThat(outcome.message()).endsWith(", above the warning threshold of " + (currentAge - 1));
    }

    @Test
    void ageAboveCriticalIsCritical() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.XID_AGE).thresholds(currentAge - 1, currentAge - 1).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.postgres());

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.message()).endsWith(", above the critical threshold of " + (currentAge - 1));
    }

    @Test
    void unsetThresholdsAreOk() throws Exception {
        CheckOutcome outcome = runner.run(CheckBuilder.check(CheckType.XID_AGE).build(), TestCheckContext.postgres());

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.rowCount()).isNull();
    }
}
