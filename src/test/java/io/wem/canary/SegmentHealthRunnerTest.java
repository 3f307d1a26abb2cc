package io.wem.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WhpgCatalogEmulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Segment Health runner on the WarehousePG 6 and 7 emulations. The emulated coordinator has {@code mode = 'n'},
 * which must not count as a mirror out of sync.
 */
class SegmentHealthRunnerTest {

    private final SegmentHealthRunner runner = new SegmentHealthRunner();
    private final CanaryCheck check = CheckBuilder.check(CheckType.SEGMENT_HEALTH).build();

    @BeforeAll
    static void installEmulation() {
        WhpgCatalogEmulation.install(TestPostgres.clusterDataSource());
    }

    /** Restores the emulation rows that a test changed. */
    @AfterEach
    void restoreEmulation() {
        WhpgCatalogEmulation.install(TestPostgres.clusterDataSource());
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void allInstancesUpIsOk(int major) throws Exception {
        TestCheckContext context = TestCheckContext.whpg(major);

        CheckOutcome outcome = runner.run(check, context);

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.message()).isEqualTo("All 5 instances are up, in their preferred roles and in sync");
        assertThat(outcome.rowCount()).isNull();
        assertThat(context.connectionsLeftOpen()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void downMirrorIsCritical(int major) throws Exception {
        update(major, "SET status = 'd' WHERE dbid = 4");

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.message()).isEqualTo("Down: content 0 dbid 4 sdw2:7000");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void downCoordinatorIsCritical(int major) throws Exception {
        update(major, "SET status = 'd' WHERE content = -1");

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.message()).isEqualTo("Down: content -1 dbid 1 cdw:5432");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void promotedMirrorWarns(int major) throws Exception {
        update(major, "SET role = 'm' WHERE dbid = 2");
        update(major, "SET role = 'p' WHERE dbid = 4");

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.WARNING);
        assertThat(outcome.message())
                .isEqualTo("Not in preferred role: content 0 dbid 2 sdw1:6000, content 0 dbid 4 sdw2:7000");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void mirrorOutOfSyncWarns(int major) throws Exception {
        update(major, "SET mode = 'n' WHERE content = 1");

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.WARNING);
        assertThat(outcome.message()).isEqualTo("Not in sync: content 1 dbid 3 sdw2:6000, content 1 dbid 5 sdw1:7000");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void failedOverSegmentListsEveryFinding(int major) throws Exception {
        update(major, "SET status = 'd', role = 'm', mode = 'n' WHERE dbid = 3");
        update(major, "SET role = 'p', mode = 'n' WHERE dbid = 5");

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.message()).isEqualTo("Down: content 1 dbid 3 sdw2:6000; "
                + "Not in preferred role: content 1 dbid 3 sdw2:6000, content 1 dbid 5 sdw1:7000; "
                + "Not in sync: content 1 dbid 3 sdw2:6000, content 1 dbid 5 sdw1:7000");
    }

    @Test
    void postgresIsNotApplicable() throws Exception {
        TestCheckContext context = TestCheckContext.postgres();

        CheckOutcome outcome = runner.run(check, context);

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.message()).isEqualTo("Not applicable: PostgreSQL has no segments");
        assertThat(outcome.rowCount()).isNull();
        assertThat(context.connectionsOpened()).isZero();
    }

    private static void update(int major, String change) {
        TestPostgres.execute(TestPostgres.clusterDataSource(),
                "UPDATE " + WhpgCatalogEmulation.schema(major) + ".gp_segment_configuration " + change);
    }
}
