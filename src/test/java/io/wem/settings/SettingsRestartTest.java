package io.wem.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wem.WemApplication;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Restart-required settings across real restarts of WEM on one data directory. A cluster connection and an HTTP port
 * saved in Settings apply at the next start, and a password with URL and quoting characters connects. A changed
 * WEM_COOKIE_SECRET makes the saved password unreadable without stopping WEM.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingsRestartTest {

    static final String CLUSTER_ROLE = "wem_settings_probe";
    static final String CLUSTER_PASSWORD = "Pr0be@ #%=/:{'x";
    private static final String OTHER_COOKIE_SECRET = "another-cookie-secret-for-the-key-change-test-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dataDir = WemIntegrationTest.createDataDir();
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @BeforeAll
    static void createClusterRole() throws Exception {
        try (Connection connection = TestPostgres.shared().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + CLUSTER_ROLE);
            // CREATE ROLE takes no bind parameters; the test's own constant is quoted as a literal.
            statement.execute("CREATE ROLE " + CLUSTER_ROLE + " LOGIN PASSWORD '" + CLUSTER_PASSWORD.replace("'", "''") + "'");
        }
    }

    @AfterAll
    static void dropClusterRole() throws Exception {
        try (Connection connection = TestPostgres.shared().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + CLUSTER_ROLE + "'");
            statement.execute("DROP ROLE IF EXISTS " + CLUSTER_ROLE);
        }
    }

    @Test
    void savedConnectionAndPortApplyAfterRestart(CapturedOutput output) throws Exception {
        int httpPort = freePort();
        ConfigurableApplicationContext first = start("--server.port=0");
        WemClient admin = signIn(first);

        HttpResponse<String> saved = admin.sendJson("PATCH", "/api/v1/settings", JSON.writeValueAsString(Map.of(
                "whpgHost", "127.0.0.1",
                "whpgPort", TestPostgres.shared().getPort(),
                "whpgDatabase", TestPostgres.CLUSTER_DATABASE,
                "whpgUser", CLUSTER_ROLE,
                "whpgPassword", CLUSTER_PASSWORD,
                "whpgSslMode", "disable",
                "port", httpPort)), true);

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        JsonNode body = WemClient.json(saved);
        assertThat(pendingFields(body)).containsExactlyInAnyOrder(
                "whpgHost", "whpgPort", "whpgUser", "whpgPassword", "whpgSslMode", "port");
        assertThat(body.get("whpgPasswordSet").asBoolean()).isTrue();
        assertThat(saved.body()).doesNotContain(CLUSTER_PASSWORD);

        WemClient pages = new WemClient(baseUrl(first)).signedInAs("admin", WemIntegrationTest.ADMIN_PASSWORD);
        String settingsPage = pages.get("/management/settings").body();
        assertThat(settingsPage).contains("id=\"restart-banner\"").contains(CLUSTER_ROLE).doesNotContain(CLUSTER_PASSWORD);
        assertThat(pages.get("/").body()).contains("id=\"restart-banner\"");
        assertThat(WemClient.json(admin.get("/api/v1/cluster/overview")).get("reachable").asBoolean()).isFalse();
        stop(first);

        ConfigurableApplicationContext second = start();
        assertThat(((WebServerApplicationContext) second).getWebServer().getPort()).isEqualTo(httpPort);
        WemClient afterRestart = signIn(second);

        JsonNode settings = WemClient.json(afterRestart.get("/api/v1/settings"));
        assertThat(settings.get("pendingRestart").size()).isZero();
        assertThat(settings.get("sources").get("whpgHost").asString()).isEqualTo("STORE");
        assertThat(settings.get("whpgUser").asString()).isEqualTo(CLUSTER_ROLE);
        assertThat(WemClient.json(afterRestart.get("/api/v1/cluster/overview")).get("reachable").asBoolean()).isTrue();
        assertThat(sessionsOf(CLUSTER_ROLE)).isPositive();
        WemClient pagesAfterRestart = new WemClient(baseUrl(second)).signedInAs("admin", WemIntegrationTest.ADMIN_PASSWORD);
        assertThat(pagesAfterRestart.get("/management/settings").body()).doesNotContain("id=\"restart-banner\"");
        assertThat(pagesAfterRestart.get("/").body()).doesNotContain("id=\"restart-banner\"");
        stop(second);

        assertThat(output.getAll()).doesNotContain(CLUSTER_PASSWORD);
    }

    @Test
    void changedCookieSecretAsksForPasswordAgain(CapturedOutput output) throws Exception {
        ConfigurableApplicationContext first = start("--server.port=0");
        signIn(first).sendJson("PATCH", "/api/v1/settings",
                JSON.writeValueAsString(Map.of("whpgPassword", CLUSTER_PASSWORD)), true);
        stop(first);
        assertThat(storedPassword()).startsWith("v1:").doesNotContain(CLUSTER_PASSWORD);

        ConfigurableApplicationContext second = start("--server.port=0", "--WEM_COOKIE_SECRET=" + OTHER_COOKIE_SECRET);
        WemClient admin = signIn(second);

        JsonNode settings = WemClient.json(admin.get("/api/v1/settings"));
        assertThat(settings.get("unreadableSecrets").toString()).isEqualTo("[\"whpgPassword\"]");
        assertThat(settings.get("whpgPasswordSet").asBoolean()).isFalse();
        WemClient pages = new WemClient(baseUrl(second)).signedInAs("admin", WemIntegrationTest.ADMIN_PASSWORD);
        assertThat(pages.get("/management/settings").body()).contains("id=\"unreadable-secrets\"");
        assertThat(pages.get("/").body()).contains("id=\"unreadable-secrets\"");
        assertThat(output.getAll()).contains("The stored setting whpgPassword cannot be decrypted");

        HttpResponse<String> entered = admin.sendJson("PATCH", "/api/v1/settings",
                JSON.writeValueAsString(Map.of("whpgPassword", CLUSTER_PASSWORD)), true);

        assertThat(WemClient.json(entered).get("unreadableSecrets").size()).isZero();
        assertThat(WemClient.json(entered).get("whpgPasswordSet").asBoolean()).isTrue();
        stop(second);
        assertThat(output.getAll()).doesNotContain(CLUSTER_PASSWORD);
        List<String> auditDetails = storeColumn("SELECT details FROM audit_event WHERE event_type = 'UPDATE_SETTINGS'");
        assertThat(auditDetails).hasSize(2).allMatch(details -> details.contains("\"whpgPassword\":\"changed\""));
        assertThat(auditDetails).noneMatch(details -> details.contains(CLUSTER_PASSWORD));
    }

    @Test
    void clusterChangeFromPageNeedsConfirmation() {
        ConfigurableApplicationContext context = start("--server.port=0");
        WemClient pages = new WemClient(baseUrl(context)).signedInAs("admin", WemIntegrationTest.ADMIN_PASSWORD);

        HttpResponse<String> unconfirmed = pages.postForm("/management/settings",
                Map.of("whpgHost", "db2.example.com", "lockoutThreshold", "6"), "/management/settings", true);

        assertThat(unconfirmed.statusCode()).isEqualTo(200);
        assertThat(unconfirmed.body()).contains("You are changing the cluster connection.")
                .contains("value=\"db2.example.com\"");
        JsonNode unchanged = WemClient.json(signIn(context).get("/api/v1/settings"));
        assertThat(unchanged.get("whpgHost").asString()).isEqualTo("localhost");
        assertThat(unchanged.get("lockoutThreshold").asInt()).isEqualTo(5);

        HttpResponse<String> confirmed = pages.postForm("/management/settings",
                Map.of("whpgHost", "db2.example.com", "lockoutThreshold", "6", "confirmClusterChange", "true"),
                "/management/settings", true);

        assertThat(confirmed.statusCode()).isEqualTo(302);
        JsonNode changed = WemClient.json(signIn(context).get("/api/v1/settings"));
        assertThat(changed.get("whpgHost").asString()).isEqualTo("db2.example.com");
        assertThat(changed.get("lockoutThreshold").asInt()).isEqualTo(6);
        assertThat(pages.get("/management/settings").body()).contains("Settings saved: Coordinator host, Lockout threshold (failed sign-ins).")
                .contains("id=\"restart-banner\"");
        stop(context);
    }

    @Test
    void sixLineageGetsGpconfigCommands() throws Exception {
        ConfigurableApplicationContext context = start("--server.port=0", "--WHPG_HOST=127.0.0.1",
                "--WHPG_PORT=" + TestPostgres.shared().getPort(), "--WHPG_DATABASE=" + TestPostgres.CLUSTER_DATABASE,
                "--WHPG_USER=" + TestPostgres.USER, "--WHPG_SSLMODE=disable", "--WEM_CLUSTER_FLAVOR=whpg6");
        String before = showOnCluster();
        WemClient pages = new WemClient(baseUrl(context)).signedInAs("admin", WemIntegrationTest.ADMIN_PASSWORD);

        HttpResponse<String> saved = pages.postForm("/management/settings",
                Map.of("logMinDurationStatement", "4321"), "/management/settings", true);
        String page = pages.get("/management/settings").body();

        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(page).contains("id=\"statement-logging-result\"")
                .contains("WarehousePG 6 does not support ALTER SYSTEM.")
                .contains("gpconfig -c log_min_duration_statement -v 4321")
                .contains("gpstop -u");
        JsonNode settings = WemClient.json(signIn(context).get("/api/v1/settings"));
        assertThat(settings.get("logMinDurationStatement").asInt()).isEqualTo(4321);
        assertThat(settings.get("sources").get("logMinDurationStatement").asString()).isEqualTo("STORE");
        assertThat(showOnCluster()).isEqualTo(before);
        stop(context);
    }

    @Test
    void fileValueWinsAndIsReadOnly() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(WemApplication.class)
                .properties(Map.of("PROMETHEUS_URL", "http://127.0.0.1:9"))
                .run("--server.port=0", "--WEM_DATA_DIR=" + dataDir);
        started.add(context);
        WemClient admin = signIn(context);

        JsonNode settings = WemClient.json(admin.get("/api/v1/settings"));
        HttpResponse<String> change = admin.sendJson("PATCH", "/api/v1/settings",
                "{\"prometheusUrl\": \"http://127.0.0.1:9090\"}", true);

        assertThat(settings.get("prometheusUrl").asString()).isEqualTo("http://127.0.0.1:9");
        assertThat(settings.get("sources").get("prometheusUrl").asString()).isEqualTo("FILE");
        assertThat(change.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(change).get("error").asString())
                .isEqualTo("Prometheus URL is set in wem.conf (PROMETHEUS_URL), which wins over Settings; change it there and restart WEM");
        WemClient pages = new WemClient(baseUrl(context)).signedInAs("admin", WemIntegrationTest.ADMIN_PASSWORD);
        assertThat(pages.get("/management/settings").body()).contains("Read-only: set in wem.conf (PROMETHEUS_URL).");
        stop(context);
    }

    private ConfigurableApplicationContext start(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--WEM_DATA_DIR=" + dataDir));
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(WemApplication.class).run(args.toArray(String[]::new));
        started.add(context);
        return context;
    }

    private void stop(ConfigurableApplicationContext context) {
        context.close();
        started.remove(context);
    }

    @AfterEach
    void stopAll() {
        started.forEach(ConfigurableApplicationContext::close);
        started.clear();
    }

    private static String baseUrl(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static WemClient signIn(ConfigurableApplicationContext context) {
        WemClient client = new WemClient(baseUrl(context));
        HttpResponse<String> response = client.apiSignIn("admin", WemIntegrationTest.ADMIN_PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return client;
    }

    private static List<String> pendingFields(JsonNode settings) {
        List<String> fields = new ArrayList<>();
        settings.get("pendingRestart").forEach(item -> fields.add(item.get("field").asString()));
        return fields;
    }

    private String storedPassword() throws Exception {
        return storeColumn("SELECT setting_value FROM setting WHERE name = '" + SettingKey.WHPG_PASSWORD.name() + "'").get(0);
    }

    /** Reads one column from the H2 state store while no WEM runs on it. */
    private List<String> storeColumn(String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = java.sql.DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.resolve("wem") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "wem", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static int sessionsOf(String role) throws Exception {
        try (Connection connection = TestPostgres.shared().getPostgresDatabase().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE usename = ?")) {
            statement.setString(1, role);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String showOnCluster() throws Exception {
        try (Connection connection = TestPostgres.shared().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW log_min_duration_statement")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
