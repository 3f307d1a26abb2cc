package io.wem.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DashboardTest extends WemIntegrationTest {

    @Test
    void dashboardShowsRealServerVersion() throws Exception {
        String version = query("SHOW server_version");

        String page = client().signedInAs("admin", ADMIN_PASSWORD).get("/").body();

        assertThat(page).contains("<span id=\"server-version\">" + version + "</span>");
        assertThat(page).contains("PostgreSQL " + version.replaceAll("^(\\d+).*", "$1"));
        assertThat(page).contains("Reachable");
    }

    @Test
    void headerShowsClusterNameEnvironmentAndUser() {
        String page = client().signedInAs("admin", ADMIN_PASSWORD).get("/").body();

        assertThat(page).contains("Test cluster");
        assertThat(page).contains("env-uat");
        assertThat(page).contains("<span class=\"user-name\">admin</span>");
        assertThat(page).containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} [A-Z]+");
    }

    @Test
    void overviewApiReturnsLiveValues() throws Exception {
        WemClient client = client();
        client.apiSignIn("admin", ADMIN_PASSWORD);
        int maxConnections = Integer.parseInt(query("SHOW max_connections"));
        int databases = Integer.parseInt(query("SELECT count(*) FROM pg_database WHERE NOT datistemplate"));

        JsonNode overview = WemClient.json(client.get("/api/v1/cluster/overview"));

        assertThat(overview.get("reachable").asBoolean()).isTrue();
        assertThat(overview.get("error").isNull()).isTrue();
        assertThat(overview.get("flavor").asString()).isEqualTo("PostgreSQL");
        assertThat(overview.get("majorVersion").asInt()).isEqualTo(16);
        assertThat(overview.get("serverVersion").asString()).isEqualTo(query("SHOW server_version"));
        assertThat(overview.get("maxConnections").asInt()).isEqualTo(maxConnections);
        assertThat(overview.get("databases").asInt()).isEqualTo(databases);
        assertThat(overview.get("connections").asInt()).isPositive();
        assertThat(overview.get("uptimeSeconds").asLong()).isNotNegative();
        assertThat(overview.get("startedAt").asString()).endsWith("Z");
        assertThat(overview.get("checkedAt").asString()).endsWith("Z");
        assertThat(overview.get("segmentsUp").isNull()).isTrue();
        assertThat(overview.get("segmentsTotal").isNull()).isTrue();
    }

    @Test
    void sessionsByStateCountsAnIdleTransaction() throws Exception {
        WemClient client = client();
        client.apiSignIn("admin", ADMIN_PASSWORD);

        try (Connection held = TestPostgres.clusterDataSource().getConnection()) {
            held.setAutoCommit(false);
            try (Statement statement = held.createStatement()) {
                statement.execute("SELECT 1");
            }

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode sessions = WemClient.json(client.get("/api/v1/cluster/overview")).get("sessionsByState");
                assertThat(sessions.get("idle in transaction").asLong()).isGreaterThanOrEqualTo(1);
            });
            held.rollback();
        }
    }

    @Test
    void fragmentRendersCardsWithoutLayout() {
        WemClient client = client().signedInAs("admin", ADMIN_PASSWORD);

        HttpResponse<String> response = client.get("/dashboard/overview", Map.of("HX-Request", "true"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("<div id=\"overview\"").doesNotContain("<html").contains("hx-trigger=\"every 10s\"");
    }

    private static String query(String sql) throws Exception {
        try (Connection connection = TestPostgres.clusterDataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
