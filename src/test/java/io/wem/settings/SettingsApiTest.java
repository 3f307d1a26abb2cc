package io.wem.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditRetention;
import io.wem.audit.AuditService;
import io.wem.testsupport.LokiStub;
import io.wem.testsupport.TestAlertmanager;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.TestPrometheus;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Settings API on a WEM of its own (saved settings must not leak into other test classes). The cluster
 * connection comes from the environment here, as most deployments set it, so those fields are read-only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SettingsApiTest {

    private static final Path DATA_DIR = WemIntegrationTest.createDataDir();

    @LocalServerPort
    int port;

    @Autowired
    AuditService audit;

    @Autowired
    AuditRetention retention;

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    WemClient admin;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        WemIntegrationTest.clusterProperties(registry, () -> TestPostgres.shared().getPort(), DATA_DIR);
        // Blank in the first source means unset, so these two become editable despite the test defaults.
        registry.add("WEM_CLUSTER_NAME", () -> "");
        registry.add("WEM_CLUSTER_ENVIRONMENT", () -> "");
    }

    @BeforeEach
    void signIn() {
        admin = new WemClient("http://127.0.0.1:" + port);
        admin.apiSignIn("admin", WemIntegrationTest.ADMIN_PASSWORD);
    }

    @AfterAll
    static void resetClusterSetting() throws Exception {
        try (Connection connection = TestPostgres.shared().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM RESET log_min_duration_statement");
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    private HttpResponse<String> patch(String body) {
        return admin.sendJson("PATCH", "/api/v1/settings", body, true);
    }

    private JsonNode settings() {
        return WemClient.json(admin.get("/api/v1/settings"));
    }

    @Test
    void getListsEveryFieldWithItsSource() {
        JsonNode settings = settings();

        for (String name : List.of("whpgHost", "whpgPort", "whpgDatabase", "whpgUser", "whpgSslMode", "port", "clusterName",
                "clusterEnvironment", "sessionIdleTimeoutMinutes", "prometheusUrl", "lokiUrl", "alertmanagerUrl",
                "logMinDurationStatement", "lockoutThreshold", "lockoutWindowMinutes", "lockoutDurationMinutes",
                "passwordMinLength", "auditRetentionDays")) {
            assertThat(settings.has(name)).as(name).isTrue();
            assertThat(settings.get("sources").has(name)).as("source of " + name).isTrue();
        }
        assertThat(settings.get("whpgHost").asString()).isEqualTo("127.0.0.1");
        assertThat(settings.get("whpgPort").asInt()).isEqualTo(TestPostgres.shared().getPort());
        assertThat(settings.get("sources").get("whpgHost").asString()).isEqualTo("ENVIRONMENT");
        assertThat(settings.get("sources").get("lockoutThreshold").asString()).isEqualTo("DEFAULT");
        assertThat(settings.get("lockoutThreshold").asInt()).isEqualTo(5);
        assertThat(settings.has("whpgPassword")).isFalse();
        assertThat(settings.get("whpgPasswordSet").asBoolean()).isFalse();
        assertThat(settings.get("restartRequired").toString()).contains("whpgHost", "port");
    }

    @Test
    void invalidValuesNameTheirField() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("\"port\": 70000", "HTTP port must be between 1 and 65535, got 70000"),
                Map.entry("\"port\": 0", "HTTP port must be between 1 and 65535, got 0"),
                Map.entry("\"port\": \"eighty\"", "HTTP port must be a whole number from 1 to 65535, got 'eighty'"),
                Map.entry("\"clusterName\": \" \"", "Cluster display name must not be empty"),
                Map.entry("\"clusterName\": \"" + "x".repeat(101) + "\"", "Cluster display name must be at most 100 characters, got 101"),
                Map.entry("\"clusterEnvironment\": \"staging\"", "Environment must be one of dev, uat, prod or empty, got 'staging'"),
                Map.entry("\"sessionIdleTimeoutMinutes\": 0", "Session idle timeout (minutes) must be between 1 and 1440, got 0"),
                Map.entry("\"prometheusUrl\": \"ftp://prom:9090\"", "Prometheus URL must be an http:// or https:// URL, got 'ftp://prom:9090'"),
                Map.entry("\"lokiUrl\": \"http://user:secret@loki:3100\"", "Loki URL must not contain a user name or password"),
                Map.entry("\"alertmanagerUrl\": \"localhost:9093\"", "Alertmanager URL must be an http:// or https:// URL, got 'localhost:9093'"),
                Map.entry("\"logMinDurationStatement\": -2", "Log min duration statement (ms) must be between -1 and 2147483647, got -2"),
                Map.entry("\"lockoutThreshold\": 0", "Lockout threshold (failed sign-ins) must be between 1 and 100, got 0"),
                Map.entry("\"lockoutWindowMinutes\": 1441", "Lockout window (minutes) must be between 1 and 1440, got 1441"),
                Map.entry("\"lockoutDurationMinutes\": -1", "Lockout duration (minutes, 0 = until unlocked) must be between 0 and 10080, got -1"),
                Map.entry("\"passwordMinLength\": 7", "Minimum password length must be between 8 and 128, got 7"),
                Map.entry("\"auditRetentionDays\": 29", "Audit retention (days) must be between 30 and 36500, got 29"),
                Map.entry("\"lockoutThreshold\": true", "Lockout threshold (failed sign-ins) must be a string or a whole number, got a boolean"),
                Map.entry("\"sessionIdleTimeoutMinutes\": [5]", "Session idle timeout (minutes) must be a string or a whole number, got a list"),
                Map.entry("\"colour\": \"blue\"", "Unknown setting 'colour'"));

        cases.forEach((field, message) -> {
            HttpResponse<String> response = patch("{" + field + "}");
            assertThat(response.statusCode()).as(field).isEqualTo(400);
            JsonNode body = WemClient.json(response);
            assertThat(body.get("error").asString()).as(field).startsWith(message);
            String name = field.substring(1, field.indexOf('"', 1));
            assertThat(body.get("field").asString()).as(field).isEqualTo(name);
        });
    }

    @Test
    void invalidClusterValuesNameTheirField() {
        Map<String, String> cases = Map.of(
                "\"whpgHost\": \"db_1!.example\"", "Coordinator host must be a host name or an IP address, got 'db_1!.example'",
                "\"whpgPort\": 65536", "Coordinator port must be between 1 and 65535, got 65536",
                "\"whpgDatabase\": \"\"", "Database must not be empty",
                "\"whpgUser\": \"" + "u".repeat(64) + "\"", "User must be at most 63 characters, got 64",
                "\"whpgSslMode\": \"strict\"", "SSL mode must be one of disable, allow, prefer, require, verify-ca, verify-full, got 'strict'",
                "\"whpgPassword\": \"" + "p".repeat(1001) + "\"", "Password must be at most 1000 characters");

        cases.forEach((field, message) -> {
            // The cluster fields are read-only in this class, so their rules are checked through the connection test.
            HttpResponse<String> response = admin.sendJson("POST", "/api/v1/settings/test/cluster", "{" + field + "}", true);
            assertThat(response.statusCode()).as(field).isEqualTo(400);
            assertThat(WemClient.json(response).get("error").asString()).as(field).isEqualTo(message);
        });
    }

    @Test
    void auditRetentionAppliesToNextPurge() {
        patch("{\"auditRetentionDays\": 45}");
        try {
            assertThat(retention.retention()).isEqualTo(Duration.ofDays(45));
        } finally {
            patch("{\"auditRetentionDays\": 365}");
        }
        assertThat(retention.retention()).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void credentialsInUrlAreNotEchoed() {
        for (String url : List.of("http://user:s3cr3t-in-url@loki:3100", "ftp://user:s3cr3t-in-url@127.0.0.1/",
                "http://user:s3cr3t-in-url@127.0.0.1:9090/a b", "user:s3cr3t-in-url@127.0.0.1:9090")) {
            HttpResponse<String> response = patch("{\"lokiUrl\": \"" + url + "\"}");

            assertThat(response.statusCode()).as(url).isEqualTo(400);
            assertThat(response.body()).as(url).doesNotContain("s3cr3t-in-url");
        }
    }

    @Test
    void urlPortOutOfRangeIsRejected() {
        HttpResponse<String> response = patch("{\"prometheusUrl\": \"http://127.0.0.1:99999\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(response).get("error").asString()).startsWith("Prometheus URL must have a port between 1 and 65535");
    }

    @Test
    void passwordMustBeTextAndNullClearsIt() {
        HttpResponse<String> number = patch("{\"whpgPassword\": 123}");
        patch("{\"whpgPassword\": \"Some-Cluster-Secret-9\"}");
        JsonNode kept = WemClient.json(patch("{\"whpgPassword\": \"\"}"));
        JsonNode cleared = WemClient.json(patch("{\"whpgPassword\": null}"));

        assertThat(number.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(number).get("error").asString()).isEqualTo("Password must be a string");
        assertThat(kept.get("whpgPasswordSet").asBoolean()).isTrue();
        assertThat(cleared.get("whpgPasswordSet").asBoolean()).isFalse();
        assertThat(cleared.get("pendingRestart").size()).isZero();
    }

    @Test
    void clusterFieldsSetInEnvironmentAreReadOnly() {
        HttpResponse<String> response = patch("{\"whpgHost\": \"db2.example.com\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(response).get("error").asString())
                .isEqualTo("Coordinator host is set in the environment (WHPG_HOST), which wins over Settings; change it there and restart WEM");
        assertThat(settings().get("whpgHost").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void partialUpdateLeavesOtherValuesUnchanged() {
        JsonNode before = settings();

        HttpResponse<String> response = patch("{\"lockoutWindowMinutes\": 20}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode after = WemClient.json(response);
        assertThat(after.get("lockoutWindowMinutes").asInt()).isEqualTo(20);
        assertThat(after.get("sources").get("lockoutWindowMinutes").asString()).isEqualTo("STORE");
        assertThat(after.get("changed").toString()).isEqualTo("[\"lockoutWindowMinutes\"]");
        for (String name : List.of("lockoutThreshold", "lockoutDurationMinutes", "passwordMinLength", "auditRetentionDays",
                "sessionIdleTimeoutMinutes", "prometheusUrl", "whpgHost")) {
            assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
        }

        patch("{\"lockoutWindowMinutes\": 15}");
        assertThat(settings().get("sources").get("lockoutWindowMinutes").asString()).isEqualTo("DEFAULT");
    }

    @Test
    void invalidBatchSavesNothing() {
        long eventsBefore = updateEvents();

        HttpResponse<String> response = patch("{\"lockoutThreshold\": 7, \"auditRetentionDays\": 5, \"prometheusUrl\": \"gopher://x\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode fields = WemClient.json(response).get("fields");
        assertThat(fields.get("auditRetentionDays").asString()).contains("between 30 and 36500");
        assertThat(fields.get("prometheusUrl").asString()).contains("http:// or https://");
        assertThat(fields.has("lockoutThreshold")).isFalse();
        assertThat(settings().get("lockoutThreshold").asInt()).isEqualTo(5);
        assertThat(updateEvents()).isEqualTo(eventsBefore);
    }

    @Test
    void saveRecordsOneAuditEvent() {
        long eventsBefore = updateEvents();

        patch("{\"lockoutThreshold\": 8, \"lockoutDurationMinutes\": 0, \"sessionIdleTimeoutMinutes\": 30}");

        assertThat(updateEvents()).isEqualTo(eventsBefore + 1);
        AuditEvent event = latestUpdate();
        assertThat(event.actorUsername()).isEqualTo("admin");
        assertThat(event.details()).contains("\"lockoutThreshold\":{\"old\":\"5\",\"new\":\"8\"}");
        assertThat(event.details()).contains("\"lockoutDurationMinutes\":{\"old\":\"15\",\"new\":\"0\"}");
        // Sent with the value it already had, so it is not a change.
        assertThat(event.details()).doesNotContain("sessionIdleTimeoutMinutes");

        patch("{\"lockoutThreshold\": 5, \"lockoutDurationMinutes\": 15}");
    }

    @Test
    void lockoutThresholdAppliesWithoutRestart() {
        patch("{\"lockoutThreshold\": 2}");
        try {
            String username = TestUsers.create(users, encoder, "lockout", Role.VIEWER, "Lockout-Passw0rd!");
            WemClient viewer = new WemClient("http://127.0.0.1:" + port);

            viewer.apiSignIn(username, "wrong-password-1");
            viewer.apiSignIn(username, "wrong-password-2");

            assertThat(viewer.apiSignIn(username, "Lockout-Passw0rd!").statusCode()).isEqualTo(401);
            assertThat(users.findByUsername(username).orElseThrow().lockedAt()).isNotNull();
        } finally {
            patch("{\"lockoutThreshold\": 5}");
        }
    }

    @Test
    void passwordMinLengthAppliesWithoutRestart() {
        patch("{\"passwordMinLength\": 20}");
        try {
            HttpResponse<String> response = admin.sendJson("POST", "/api/v1/users",
                    "{\"username\": \"short-pass\", \"role\": \"VIEWER\", \"password\": \"Sixteen-Chars-1!\"}", true);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("at least 20 characters");
        } finally {
            patch("{\"passwordMinLength\": 12}");
        }
    }

    @Test
    void clusterNameAppliesToPagesAtOnce() {
        WemClient page = new WemClient("http://127.0.0.1:" + port).signedInAs("admin", WemIntegrationTest.ADMIN_PASSWORD);
        assertThat(page.get("/").body()).doesNotContain("Renamed cluster 42");

        patch("{\"clusterName\": \"Renamed cluster 42\"}");

        assertThat(page.get("/").body()).contains("Renamed cluster 42");
    }

    @Test
    void logMinDurationAppliedAndReadBack() {
        HttpResponse<String> response = patch("{\"logMinDurationStatement\": 250}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = WemClient.json(response);
        assertThat(body.get("statementLogging").get("applied").asBoolean()).isTrue();
        assertThat(body.get("statementLogging").get("effective").asString()).isEqualTo("250ms");
        assertThat(showOnCluster()).isEqualTo("250ms");
        assertThat(settings().get("clusterLogMinDurationStatement").asString()).isEqualTo("250ms");

        patch("{\"logMinDurationStatement\": -1}");
        assertThat(showOnCluster()).isEqualTo("-1");
    }

    @Test
    void emptyLogMinDurationLeavesClusterAlone() throws Exception {
        patch("{\"logMinDurationStatement\": 1500}");
        assertThat(showOnCluster()).isEqualTo("1500ms");

        HttpResponse<String> response = patch("{\"logMinDurationStatement\": \"\"}");

        assertThat(WemClient.json(response).get("logMinDurationStatement").isNull()).isTrue();
        assertThat(WemClient.json(response).get("statementLogging").isNull()).isTrue();
        assertThat(showOnCluster()).isEqualTo("1500ms");
    }

    @Test
    void clusterTestWithCandidateValuesReportsFlavor() {
        JsonNode result = test("cluster", "{\"whpgHost\": \"127.0.0.1\", \"whpgPort\": " + TestPostgres.shared().getPort() + "}");

        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("flavor").asString()).startsWith("PostgreSQL 16");
        assertThat(result.get("address").asString()).startsWith("127.0.0.1:" + TestPostgres.shared().getPort() + "/postgres as postgres");
        assertThat(result.get("roundTripMs").isNumber()).isTrue();
    }

    @Test
    void clusterTestAgainstClosedPortReportsTheError() throws Exception {
        int closed = closedPort();

        JsonNode result = test("cluster", "{\"whpgPort\": " + closed + "}");

        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("address").asString()).startsWith("127.0.0.1:" + closed + "/");
        assertThat(result.get("message").asString()).startsWith("Connection failed: ").contains("refused");
    }

    @Test
    void clusterTestRejectsInvalidCandidate() {
        HttpResponse<String> response = admin.sendJson("POST", "/api/v1/settings/test/cluster", "{\"whpgPort\": 99999}", true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(response).get("field").asString()).isEqualTo("whpgPort");
    }

    @Test
    void prometheusTestAgainstRealServer() {
        TestPrometheus prometheus = TestPrometheus.shared();

        JsonNode result = test("prometheus", "{\"prometheusUrl\": \"" + prometheus.url() + "/\"}");

        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("address").asString()).isEqualTo(prometheus.url() + "/-/ready");
        assertThat(result.get("version").asString()).startsWith("2.");
    }

    @Test
    void prometheusTestAgainstClosedPort() throws Exception {
        int closed = closedPort();

        JsonNode result = test("prometheus", "{\"prometheusUrl\": \"http://127.0.0.1:" + closed + "\"}");

        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("address").asString()).isEqualTo("http://127.0.0.1:" + closed + "/-/ready");
        assertThat(result.get("message").asString()).startsWith("Connection refused or unreachable");
    }

    @Test
    void prometheusTestUsesSavedUrlWithoutBody() {
        patch("{\"prometheusUrl\": \"" + TestPrometheus.shared().url() + "\"}");
        try {
            HttpResponse<String> response = admin.sendJson("POST", "/api/v1/settings/test/prometheus", null, true);

            assertThat(WemClient.json(response).get("ok").asBoolean()).isTrue();
        } finally {
            patch("{\"prometheusUrl\": \"\"}");
        }
    }

    @Test
    void alertmanagerTestAgainstRealServer() {
        TestAlertmanager alertmanager = TestAlertmanager.shared();

        JsonNode result = test("alertmanager", "{\"alertmanagerUrl\": \"" + alertmanager.url() + "\"}");

        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("address").asString()).isEqualTo(alertmanager.url() + "/-/ready");
        assertThat(result.get("version").asString()).startsWith("0.");
    }

    @Test
    void alertmanagerTestAgainstClosedPort() throws Exception {
        int closed = closedPort();

        JsonNode result = test("alertmanager", "{\"alertmanagerUrl\": \"http://127.0.0.1:" + closed + "\"}");

        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("message").asString()).startsWith("Connection refused or unreachable");
    }

    @Test
    void lokiTestAgainstStub() {
        try (LokiStub loki = LokiStub.start()) {
            JsonNode ready = test("loki", "{\"lokiUrl\": \"" + loki.url() + "\"}");
            loki.setReady(false);
            JsonNode notReady = test("loki", "{\"lokiUrl\": \"" + loki.url() + "\"}");

            assertThat(ready.get("ok").asBoolean()).isTrue();
            assertThat(ready.get("address").asString()).isEqualTo(loki.url() + "/ready");
            assertThat(ready.get("version").asString()).isEqualTo("3.0.0");
            assertThat(notReady.get("ok").asBoolean()).isFalse();
            assertThat(notReady.get("message").asString()).isEqualTo(
                    "Loki is not ready: HTTP 503 (Ingester not ready: waiting for 15s after being ready)");
            assertThat(loki.requests("/ready")).isEqualTo(2);
        }
    }

    @Test
    void otherWebServerIsNotTakenForPrometheus() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/-/ready", exchange -> {
            byte[] body = "OK".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();

            JsonNode result = test("prometheus", "{\"prometheusUrl\": \"" + url + "\"}");

            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("message").asString()).isEqualTo("The server answered /-/ready but not "
                    + "/api/v1/status/buildinfo as Prometheus does; check that the URL points at Prometheus.");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unknownTestIsNotFound() {
        assertThat(admin.sendJson("POST", "/api/v1/settings/test/grafana", null, true).statusCode()).isEqualTo(404);
    }

    @Test
    void operatorCannotReadOrChangeSettings() {
        String username = TestUsers.create(users, encoder, "operator", Role.OPERATOR, "Operator-Passw0rd!");
        WemClient operator = new WemClient("http://127.0.0.1:" + port);
        operator.apiSignIn(username, "Operator-Passw0rd!");

        assertThat(operator.get("/api/v1/settings").statusCode()).isEqualTo(403);
        assertThat(operator.sendJson("PATCH", "/api/v1/settings", "{\"lockoutThreshold\": 1}", true).statusCode()).isEqualTo(403);
        assertThat(operator.sendJson("POST", "/api/v1/settings/test/cluster", null, true).statusCode()).isEqualTo(403);
        assertThat(operator.get("/management/settings").statusCode()).isEqualTo(403);
        assertThat(settings().get("lockoutThreshold").asInt()).isEqualTo(5);
    }

    private JsonNode test(String target, String body) {
        HttpResponse<String> response = admin.sendJson("POST", "/api/v1/settings/test/" + target, body, true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WemClient.json(response);
    }

    private static String showOnCluster() {
        try (Connection connection = TestPostgres.shared().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW log_min_duration_statement")) {
            rows.next();
            return rows.getString(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private long updateEvents() {
        return audit.latest(1000).stream().filter(event -> event.type() == AuditEventType.UPDATE_SETTINGS).count();
    }

    private AuditEvent latestUpdate() {
        return audit.latest(1000).stream().filter(event -> event.type() == AuditEventType.UPDATE_SETTINGS).findFirst().orElseThrow();
    }
}
