package io.wem.observe;

import static io.wem.observe.ClusterMetricsTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import io.wem.testsupport.WhpgCatalogEmulation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The segment and replication metrics of WarehousePG 7, read from the catalog emulation with one mirror down and one lagging. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClusterMetricsEmulationTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void emulatedCluster(DynamicPropertyRegistry registry) {
        registry.add("WHPG_HOST", () -> "127.0.0.1");
        registry.add("WHPG_PORT", () -> TestPostgres.shared().getPort());
        registry.add("WHPG_DATABASE", () -> TestPostgres.CLUSTER_DATABASE);
        registry.add("WHPG_USER", () -> "whpg7");
        registry.add("WHPG_PASSWORD", () -> WhpgCatalogEmulation.PASSWORD);
        registry.add("WHPG_SSLMODE", () -> "disable");
        registry.add("WEM_CLUSTER_FLAVOR", () -> "whpg7");
        registry.add("WEM_DATA_DIR", () -> WemIntegrationTest.createDataDir().toString());
    }

    @BeforeAll
    static void downMirrorAndLag() {
        WhpgCatalogEmulation.install(TestPostgres.clusterDataSource());
        String schema = WhpgCatalogEmulation.schema(7);
        TestPostgres.execute(TestPostgres.clusterDataSource(),
                "UPDATE " + schema + ".gp_segment_configuration SET status = 'd' WHERE dbid = 4");
        TestPostgres.execute(TestPostgres.clusterDataSource(),
                "UPDATE " + schema + ".gp_stat_replication SET sent_lsn = '0/5000', replay_lsn = '0/1000' WHERE gp_segment_id = 1");
    }

    @AfterAll
    static void resetEmulation() {
        WhpgCatalogEmulation.install(TestPostgres.clusterDataSource());
    }

    @Test
    void segmentsAndLagAreExported() {
        String metrics = new WemClient("http://127.0.0.1:" + port).get("/prom/metrics").body();

        assertThat(value(metrics, "wem_segments{role=\"primary\",status=\"up\"}")).isEqualTo(2.0);
        assertThat(value(metrics, "wem_segments{role=\"primary\",status=\"down\"}")).isEqualTo(0.0);
        assertThat(value(metrics, "wem_segments{role=\"mirror\",status=\"up\"}")).isEqualTo(1.0);
        assertThat(value(metrics, "wem_segments{role=\"mirror\",status=\"down\"}")).isEqualTo(1.0);
        assertThat(value(metrics, "wem_replication_lag_bytes{application_name=\"gp_walreceiver\",content=\"0\"}")).isEqualTo(0.0);
        assertThat(value(metrics, "wem_replication_lag_bytes{application_name=\"gp_walreceiver\",content=\"1\"}")).isEqualTo(16384.0);
        assertThat(metrics).containsPattern("(?m)^wem_sessions\\{state=\"active\"\\} \\d");
    }
}
