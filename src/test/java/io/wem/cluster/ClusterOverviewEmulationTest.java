package io.wem.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wem.config.WemConfig;
import io.wem.settings.SettingsStore;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WhpgCatalogEmulation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Dashboard's cluster SQL for WarehousePG 6 and 7, run against the catalog emulation on a real PostgreSQL. */
class ClusterOverviewEmulationTest {

    @BeforeEach
    void installEmulation() {
        WhpgCatalogEmulation.install(TestPostgres.clusterDataSource());
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void reportsFlavorAndAllSegmentsUp(int major) {
        ClusterOverview overview = readOverview(major);

        assertThat(overview.reachable()).as(overview.error()).isTrue();
        assertThat(overview.flavor()).isEqualTo("WarehousePG");
        assertThat(overview.majorVersion()).isEqualTo(major);
        assertThat(overview.emulated()).isTrue();
        assertThat(overview.segmentsUp()).isEqualTo(4);
        assertThat(overview.segmentsTotal()).isEqualTo(4);
        assertThat(overview.sessionsByState()).containsKey("waiting");
        assertThat(overview.connections()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void countsDownSegmentAndIgnoresCoordinator(int major) {
        String table = WhpgCatalogEmulation.schema(major) + ".gp_segment_configuration";
        TestPostgres.execute(TestPostgres.clusterDataSource(), "UPDATE " + table + " SET status = 'd' WHERE dbid = 4");
        TestPostgres.execute(TestPostgres.clusterDataSource(), "UPDATE " + table + " SET status = 'd' WHERE content = -1");

        ClusterOverview overview = readOverview(major);

        assertThat(overview.segmentsUp()).isEqualTo(3);
        assertThat(overview.segmentsTotal()).isEqualTo(4);
    }

    private static ClusterOverview readOverview(int major) {
        Map<String, String> values = new HashMap<>();
        values.put("WEM_COOKIE_SECRET", "a-cookie-secret-that-is-long-enough-for-wem");
        values.put("WHPG_HOST", "127.0.0.1");
        values.put("WHPG_PORT", Integer.toString(TestPostgres.shared().getPort()));
        values.put("WHPG_DATABASE", TestPostgres.CLUSTER_DATABASE);
        values.put("WHPG_USER", "whpg" + major);
        values.put("WHPG_PASSWORD", WhpgCatalogEmulation.PASSWORD);
        values.put("WHPG_SSLMODE", "disable");
        values.put("WEM_CLUSTER_FLAVOR", "whpg" + major);
        WemConfig config = WemConfig.load(values::get);
        ClusterConnection connection = new ClusterConnection(config, SettingsStore.withoutSavedValues(config));
        try {
            return new ClusterOverviewService(connection, Clock.systemUTC(), new SimpleMeterRegistry()).overview();
        } finally {
            connection.destroy();
        }
    }
}
