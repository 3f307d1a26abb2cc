package io.wem.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import io.wem.testsupport.TestAlertmanager;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The canary scheduler against a cluster of its own that the test stops and starts again: checks turn CRITICAL
 * within two intervals, come back to OK, leak no threads or connections, and their alerts reach a real Alertmanager
 * and resolve. Stopping the scheduler then makes the checks STALE.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CanaryOutageTest {

    private static final Path DATA = createDirectory();
    private static final int PORT = freePort();
    private static final String CHECK = "Outage probe";
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

    @Test
    void outageTurnsCriticalThenRecoversAndAlerts() throws Exception {
        WemClient admin = new WemClient("http://127.0.0.1:" + port);
        admin.apiSignIn("admin", WemIntegrationTest.ADMIN_PASSWORD);
        String alertmanager = TestAlertmanager.shared().url();
        admin.sendJson("PATCH", "/api/v1/settings", "{\"alertmanagerUrl\": \"" + alertmanager + "\"}", true);
        HttpResponse<String> created = admin.sendJson("POST", "/api/v1/canary-checks", "{\"name\": \"" + CHECK
                + "\", \"type\": \"QUERY\", \"sql\": \"SELECT 1\", \"intervalSeconds\": 10, \"timeoutSeconds\": 3}", true);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = WemClient.json(created).get("id").asLong();

        await().atMost(Duration.ofSeconds(30)).until(() -> "OK".equals(status(admin, id)));

        TestPostgres.close(cluster);
        cluster = null;

        await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500)).until(() -> "CRITICAL".equals(status(admin, id)));
        JsonNode down = check(admin, id);
        assertThat(down.get("message").asString()).startsWith("Cluster unreachable");
        await().atMost(Duration.ofSeconds(40)).until(() -> activeAlerts(alertmanager, "WEMCanaryCheck").contains("\"critical\""));

        cluster = TestPostgres.start(DATA, PORT);

        await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500)).until(() -> "OK".equals(status(admin, id)));
        await().atMost(Duration.ofSeconds(40)).until(() -> !activeAlerts(alertmanager, "WEMCanaryCheck").contains(CHECK));
        assertThat(threadsNamed("canary-worker-")).isLessThanOrEqualTo(CanaryEngine.WORKERS);
        assertThat(threadsNamed("canary-scheduler")).isEqualTo(1);
        // The pages' pool and the canary pool for one database, at most 4 each.
        assertThat(connectionsFromWem()).isLessThanOrEqualTo(8);

        admin.sendJson("POST", "/api/v1/canary/scheduler/stop", null, true);

        await().atMost(Duration.ofSeconds(50)).pollInterval(Duration.ofSeconds(1)).until(() -> "STALE".equals(status(admin, id)));
        await().atMost(Duration.ofSeconds(20)).until(() -> activeAlerts(alertmanager, "WEMCanaryCheckStale").contains(CHECK));
        admin.sendJson("POST", "/api/v1/canary/scheduler/start", null, true);
    }

    private static JsonNode check(WemClient admin, long id) {
        return WemClient.json(admin.get("/api/v1/canary-checks/" + id));
    }

    private static String status(WemClient admin, long id) {
        JsonNode status = check(admin, id).get("status");
        return status == null || status.isNull() ? null : status.asString();
    }

    /** Returns Alertmanager's active alerts with the given alertname, as JSON text. */
    private static String activeAlerts(String alertmanager, String alertname) throws Exception {
        String filter = URLEncoder.encode("alertname=\"" + alertname + "\"", StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(alertmanager + "/api/v2/alerts?active=true&filter=" + filter)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body().contains(CHECK) ? response.body() : "[]";
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith(prefix)).count();
    }

    private static int connectionsFromWem() throws Exception {
        try (Connection connection = cluster.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'WEM'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("wem-canary-cluster");
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
