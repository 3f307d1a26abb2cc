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
 * The Replication runner on the WarehousePG 6 and 7 emulations, whose {@code gp_stat_replication} starts with one
 * streaming row per mirror (gp_segment_id 0 and 1), and on the test PostgreSQL, which has no replicas.
 */
class ReplicationRunnerTest {

    /** The distance from 0/1000 to 0/3000, in bytes. */
    private static final long LAG_BYTES = 0x2000;

    private final ReplicationRunner runner = new ReplicationRunner();

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
    void streamingMirrorsAreOk(int major) throws Exception {
        TestCheckContext context = TestCheckContext.whpg(major);
        CanaryCheck check = CheckBuilder.check(CheckType.REPLICATION).lagBytes(4096L, 1_000_000L).build();

        CheckOutcome outcome = runner.run(check, context);

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.message()).isEqualTo("All 2 WAL senders are streaming, maximum replay lag 0 bytes");
        assertThat(context.connectionsLeftOpen()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void lagAboveWarningWarns(int major) throws Exception {
        setLag(major, 0);
        CanaryCheck check = CheckBuilder.check(CheckType.REPLICATION).lagBytes(4096L, 1_000_000L).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.WARNING);
        assertThat(outcome.message()).startsWith("gp_segment_id 0 application_name gp_walreceiver: replay lag of "
                + LAG_BYTES + " bytes");
        assertThat(outcome.message()).endsWith("is above the warning threshold of 4096 bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void lagAboveCriticalIsCritical(int major) throws Exception {
        setLag(major, 1);
        CanaryCheck check = CheckBuilder.check(CheckType.REPLICATION).lagBytes(4096L, 8000L).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.message()).startsWith("gp_segment_id 1 application_name gp_walreceiver: replay lag of "
                + LAG_BYTES + " bytes");
        assertThat(outcome.message()).endsWith("is above the critical threshold of 8000 bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void lagEqualToThresholdIsOk(int major) throws Exception {
        setLag(major, 0);
        CanaryCheck check = CheckBuilder.check(CheckType.REPLICATION).lagBytes(LAG_BYTES, LAG_BYTES).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.message()).endsWith("maximum replay lag " + LAG_BYTES + " bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void lagWithoutThresholdsIsOk(int major) throws Exception {
        setLag(major, 0);
        CanaryCheck check = CheckBuilder.check(CheckType.REPLICATION).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void downMirrorRowIsCritical(int major) throws Exception {
        String locations = major == 7 ? "sent_lsn = NULL, write_lsn = NULL, flush_lsn = NULL, replay_lsn = NULL"
                : "sent_location = NULL, write_location = NULL, flush_location = NULL, replay_location = NULL";
        update(major, "SET pid = NULL, state = NULL, sync_state = NULL, sync_error = 'walread', " + locations
                + " WHERE gp_segment_id = 1");
        CanaryCheck check = CheckBuilder.check(CheckType.REPLICATION).lagBytes(4096L, 1_000_000L).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.message()).isEqualTo("gp_segment_id 1 application_name gp_walreceiver: "
                + "state is NULL, so the mirror or standby is not connected, sync_error is walread");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void catchupStateIsCritical(int major) throws Exception {
        update(major, "SET state = 'catchup' WHERE gp_segment_id = 0");

        CheckOutcome outcome = runner.run(CheckBuilder.check(CheckType.REPLICATION).build(), TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.message())
                .isEqualTo("gp_segment_id 0 application_name gp_walreceiver: state is catchup, not streaming");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void syncErrorIsCritical(int major) throws Exception {
        update(major, "SET sync_error = 'walread' WHERE gp_segment_id = 0");

        CheckOutcome outcome = runner.run(CheckBuilder.check(CheckType.REPLICATION).build(), TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.message()).isEqualTo("gp_segment_id 0 application_name gp_walreceiver: sync_error is walread");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void criticalMessageAlsoListsWarnings(int major) throws Exception {
        setLag(major, 0);
        update(major, "SET state = 'catchup' WHERE gp_segment_id = 1");
        CanaryCheck check = CheckBuilder.check(CheckType.REPLICATION).lagBytes(4096L, null).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(major));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.message()).startsWith("gp_segment_id 1 application_name gp_walreceiver: state is catchup");
        assertThat(outcome.message()).contains("; gp_segment_id 0 application_name gp_walreceiver: replay lag of");
    }

    @Test
    void replayLagSecondsShownOnRelease7() throws Exception {
        setLag(7, 0);
        update(7, "SET replay_lag = interval '1.5 seconds' WHERE gp_segment_id = 0");
        CanaryCheck check = CheckBuilder.check(CheckType.REPLICATION).lagBytes(4096L, null).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.whpg(7));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.WARNING);
        assertThat(outcome.message()).contains("replay lag of " + LAG_BYTES + " bytes (1.5 s)");
    }

    @Test
    void emptyReplicationViewIsNotApplicable() throws Exception {
        TestPostgres.execute(TestPostgres.clusterDataSource(), "DELETE FROM whpg7_emulation.gp_stat_replication");

        CheckOutcome outcome = runner.run(CheckBuilder.check(CheckType.REPLICATION).build(), TestCheckContext.whpg(7));

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.message()).isEqualTo("Not applicable: no mirror or standby coordinator reports replication");
    }

    @Test
    void postgresWithoutExpectedReplicasIsNotApplicable() throws Exception {
        TestCheckContext context = TestCheckContext.postgres();
        CanaryCheck check = CheckBuilder.check(CheckType.REPLICATION).expectedReplicas(0).build();

        CheckOutcome outcome = runner.run(check, context);

        assertThat(outcome.status()).isEqualTo(CanaryStatus.OK);
        assertThat(outcome.message()).isEqualTo("Not applicable: no replicas expected");
        assertThat(outcome.rowCount()).isNull();
        assertThat(context.connectionsLeftOpen()).isZero();
    }

    @Test
    void postgresMissingReplicaIsCritical() throws Exception {
        CanaryCheck check = CheckBuilder.check(CheckType.REPLICATION).expectedReplicas(1).build();

        CheckOutcome outcome = runner.run(check, TestCheckContext.postgres());

        assertThat(outcome.status()).isEqualTo(CanaryStatus.CRITICAL);
        assertThat(outcome.message()).isEqualTo("Found 0 of 1 expected replicas");
    }

    /** Puts gp_segment_id {@code segment} LAG_BYTES behind: sent at 0/3000, replayed up to 0/1000. */
    private static void setLag(int major, int segment) {
        String positions = major == 7 ? "sent_lsn = '0/3000', replay_lsn = '0/1000'"
                : "sent_location = '0/3000', replay_location = '0/1000'";
        update(major, "SET " + positions + " WHERE gp_segment_id = " + segment);
    }

    private static void update(int major, String change) {
        TestPostgres.execute(TestPostgres.clusterDataSource(),
                "UPDATE " + WhpgCatalogEmulation.schema(major) + ".gp_stat_replication " + change);
    }
}
