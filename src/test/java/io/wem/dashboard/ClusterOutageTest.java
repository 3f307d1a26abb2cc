package io.wem.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.wem.query.SlowQueryCollector;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * WEM against a cluster of its own that the test stops and starts again on the same port: the Dashboard, the Query
 * Monitor and Slow Queries report that the cluster is unreachable and recover by themselves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClusterOutageTest {

    private static final Path DATA = createDirectory();
    private static final int PORT = freePort();
    private static EmbeddedPostgres cluster = TestPostgres.start(DATA, PORT);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void ownCluster(DynamicPropertyRegistry registry) {
        WemIntegrationTest.clusterProperties(registry, () -> PORT, WemIntegrationTest.createDataDir());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            TestPostgres.close(cluster);
        }
    }

    @Autowired
    SlowQueryCollector slowQueries;

    @Test
    void panelsReportOutageAndRecover() {
        WemClient api = new WemClient("http://127.0.0.1:" + port);
        api.apiSignIn("admin", WemIntegrationTest.ADMIN_PASSWORD);
        WemClient browser = new WemClient("http://127.0.0.1:" + port).signedInAs("admin", WemIntegrationTest.ADMIN_PASSWORD);
        assertThat(overview(api).get("reachable").asBoolean()).isTrue();

        TestPostgres.close(cluster);
        cluster = null;

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> !overview(api).get("reachable").asBoolean());
        JsonNode down = overview(api);
        assertThat(down.get("error").asString()).isNotBlank();
        assertThat(down.get("serverVersion").isNull()).isTrue();
        String page = browser.get("/").body();
        assertThat(page).contains("Cluster unreachable:").contains("Unreachable");
        assertThat(browser.get("/prom/metrics").body()).containsPattern("(?m)^wem_cluster_up\\{.*\\} 0");
        assertThat(browser.get("/queries/live").body()).contains("Cluster unreachable.");
        assertThat(api.get("/api/v1/sessions").statusCode()).isEqualTo(503);
        assertThat(slowQueries.poll().error()).isNotBlank();
        assertThat(browser.get("/slow-queries").body()).contains("id=\"cluster-unreachable\"");

        cluster = TestPostgres.start(DATA, PORT);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> overview(api).get("reachable").asBoolean());
        assertThat(browser.get("/").body()).doesNotContain("Cluster unreachable:").contains("Reachable");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get("/api/v1/sessions").statusCode() == 200);
        assertThat(browser.get("/queries/live").body()).doesNotContain("Cluster unreachable.").contains("id=\"sessions-table\"");
        assertThat(slowQueries.poll().error()).isNull();
        assertThat(browser.get("/slow-queries").body()).doesNotContain("id=\"cluster-unreachable\"");
    }

    private static JsonNode overview(WemClient client) {
        return WemClient.json(client.get("/api/v1/cluster/overview"));
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("wem-outage-cluster");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
