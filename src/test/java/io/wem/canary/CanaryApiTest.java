package io.wem.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The canary API on a WEM of its own, with the shared test PostgreSQL as the cluster. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CanaryApiTest {

    private static final Path DATA_DIR = WemIntegrationTest.createDataDir();
    private static final String PASSWORD = "Canary-Passw0rd!";

    @LocalServerPort
    int port;

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditService audit;

    @Autowired
    CanaryRepository repository;

    @Autowired
    CanaryService service;

    WemClient admin;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        WemIntegrationTest.clusterProperties(registry, () -> TestPostgres.shared().getPort(), DATA_DIR);
    }

    @BeforeEach
    void signIn() {
        admin = client();
        admin.apiSignIn("admin", WemIntegrationTest.ADMIN_PASSWORD);
    }

    private WemClient client() {
        return new WemClient("http://127.0.0.1:" + port);
    }

    private JsonNode create(String body) {
        HttpResponse<String> response = admin.sendJson("POST", "/api/v1/canary-checks", body, true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return WemClient.json(response);
    }

    private JsonNode run(long id) {
        HttpResponse<String> response = admin.sendJson("POST", "/api/v1/canary-checks/" + id + "/run", null, true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WemClient.json(response);
    }

    @Test
    void systemChecksExistAndCannotBeDeleted() {
        JsonNode checks = WemClient.json(admin.get("/api/v1/canary-checks")).get("checks");
        List<String> system = new java.util.ArrayList<>();
        checks.forEach(check -> {
            if (check.get("system").asBoolean()) {
                system.add(check.get("type").asString());
            }
        });

        assertThat(system).containsExactlyInAnyOrder("CONNECTIVITY", "SEGMENT_HEALTH", "REPLICATION", "ACTIVE_CONNECTIONS", "XID_AGE");
        long connectivity = id(checks, "Connectivity");
        HttpResponse<String> delete = admin.sendJson("DELETE", "/api/v1/canary-checks/" + connectivity, null, true);
        assertThat(delete.statusCode()).isEqualTo(409);
        HttpResponse<String> rename = admin.sendJson("PATCH", "/api/v1/canary-checks/" + connectivity, "{\"name\": \"Other\"}", true);
        assertThat(rename.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(rename).get("error").asString()).isEqualTo("System check 'Connectivity' cannot be renamed");
        HttpResponse<String> tune = admin.sendJson("PATCH", "/api/v1/canary-checks/" + connectivity, "{\"intervalSeconds\": 30}", true);
        assertThat(WemClient.json(tune).get("intervalSeconds").asInt()).isEqualTo(30);
        admin.sendJson("PATCH", "/api/v1/canary-checks/" + connectivity, "{\"intervalSeconds\": 60}", true);
    }

    @Test
    void createValidatesEveryField() {
        HttpResponse<String> response = admin.sendJson("POST", "/api/v1/canary-checks", """
                {"name": "", "type": "QUERY", "sql": "", "intervalSeconds": 5, "timeoutSeconds": 400,
                 "warningMs": 500, "criticalMs": 100, "failuresBeforeAlert": 0, "colour": "red", "database": "bad name"}
                """, true);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode fields = WemClient.json(response).get("fields");
        assertThat(fields.get("name").asString()).isEqualTo("Name must not be empty");
        assertThat(fields.get("sql").asString()).startsWith("A Query check needs one SQL statement");
        assertThat(fields.get("intervalSeconds").asString()).isEqualTo("Interval seconds must be between 10 and 86400, got 5");
        assertThat(fields.get("timeoutSeconds").asString()).isEqualTo("Timeout seconds must be between 1 and 300, got 400");
        assertThat(fields.get("criticalMs").asString()).isEqualTo("Critical ms must be at least warning ms (500), got 100");
        assertThat(fields.get("failuresBeforeAlert").asString()).isEqualTo("Failures before alert must be between 1 and 100, got 0");
        assertThat(fields.get("colour").asString()).startsWith("Unknown field 'colour'");
        assertThat(fields.get("database").asString()).startsWith("Database must be 1 to 63 letters");
    }

    @Test
    void timeoutMustBeBelowInterval() {
        HttpResponse<String> response = admin.sendJson("POST", "/api/v1/canary-checks",
                "{\"name\": \"slow\", \"type\": \"QUERY\", \"sql\": \"SELECT 1\", \"intervalSeconds\": 10, \"timeoutSeconds\": 10}", true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(response).get("error").asString()).isEqualTo("Timeout must be less than the interval (10 s), got 10 s");
    }

    @Test
    void createRunUpdateDeleteAreAudited() {
        JsonNode created = create("{\"name\": \"Sales count\", \"type\": \"QUERY\", \"sql\": \"SELECT generate_series(1, 3)\", \"enabled\": false}");
        long id = created.get("id").asLong();
        assertThat(created.get("intervalSeconds").asInt()).isEqualTo(60);
        assertThat(created.get("failuresBeforeAlert").asInt()).isEqualTo(2);

        JsonNode result = run(id);
        assertThat(result.get("status").asString()).isEqualTo("OK");
        assertThat(result.get("rowCount").asLong()).isEqualTo(3);

        JsonNode results = WemClient.json(admin.get("/api/v1/canary-checks/" + id + "/results"));
        assertThat(results.get("results").size()).isEqualTo(1);
        assertThat(results.get("results").get(0).get("status").asString()).isEqualTo("OK");
        JsonNode view = WemClient.json(admin.get("/api/v1/canary-checks/" + id));
        assertThat(view.get("status").asString()).isEqualTo("OK");

        HttpResponse<String> patched = admin.sendJson("PATCH", "/api/v1/canary-checks/" + id, "{\"warningMs\": 250}", true);
        assertThat(WemClient.json(patched).get("warningMs").asInt()).isEqualTo(250);
        assertThat(WemClient.json(patched).get("sql").asString()).isEqualTo("SELECT generate_series(1, 3)");

        assertThat(admin.sendJson("DELETE", "/api/v1/canary-checks/" + id, null, true).statusCode()).isEqualTo(204);
        assertThat(admin.get("/api/v1/canary-checks/" + id).statusCode()).isEqualTo(404);

        List<AuditEvent> events = audit.latest(50).stream().filter(event -> String.valueOf(id).equals(event.targetId())).toList();
        assertThat(events).extracting(AuditEvent::type).contains(AuditEventType.CREATE_CANARY_CHECK,
                AuditEventType.RUN_CANARY_CHECK, AuditEventType.UPDATE_CANARY_CHECK, AuditEventType.DELETE_CANARY_CHECK);
        AuditEvent update = events.stream().filter(event -> event.type() == AuditEventType.UPDATE_CANARY_CHECK).findFirst().orElseThrow();
        assertThat(update.details()).contains("\"warningMs\":{\"old\":null,\"new\":250}");
    }

    @Test
    void querySqlMustBeOneReadingStatement() {
        Map<String, String> cases = Map.of(
                "CREATE TABLE canary_should_not_exist (id int)", "SQL must be a statement that only reads (SELECT, WITH, VALUES, TABLE or SHOW), got CREATE",
                "COPY (SELECT 1) TO '/tmp/canary-copy.txt'", "SQL must be a statement that only reads (SELECT, WITH, VALUES, TABLE or SHOW), got COPY",
                "CHECKPOINT", "SQL must be a statement that only reads (SELECT, WITH, VALUES, TABLE or SHOW), got CHECKPOINT",
                "SELECT 1; SELECT 2", "SQL must be exactly one statement; remove everything after the first ';'");

        cases.forEach((sql, message) -> {
            HttpResponse<String> response = admin.sendJson("POST", "/api/v1/canary-checks",
                    "{\"name\": \"Rejected\", \"type\": \"QUERY\", \"sql\": \"" + sql.replace("'", "'") + "\"}", true);
            assertThat(response.statusCode()).as(sql).isEqualTo(400);
            assertThat(WemClient.json(response).get("error").asString()).as(sql).isEqualTo(message);
        });
        assertThat(WemClient.json(admin.sendJson("POST", "/api/v1/canary-checks",
                "{\"name\": \"Commented\", \"type\": \"QUERY\", \"sql\": \"-- count\\n(SELECT 1)\", \"enabled\": false}", true))
                .get("sql").asString()).isEqualTo("-- count\n(SELECT 1)");
    }

    @Test
    void nameIsRequiredAndUniqueIgnoringCase() {
        HttpResponse<String> missing = admin.sendJson("POST", "/api/v1/canary-checks", "{\"type\": \"CONNECTIVITY\"}", true);
        HttpResponse<String> sameLetters = admin.sendJson("POST", "/api/v1/canary-checks",
                "{\"name\": \"CONNECTIVITY\", \"type\": \"CONNECTIVITY\"}", true);

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(missing).get("error").asString()).isEqualTo("Name is required: 1 to 100 characters");
        assertThat(sameLetters.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(sameLetters).get("error").asString()).startsWith("A canary check named 'Connectivity' exists already");
    }

    @Test
    void missingDatabaseIsErrorWithCause() {
        long id = create("{\"name\": \"Missing database\", \"type\": \"QUERY\", \"sql\": \"SELECT 1\", \"database\": \"no_such_db\", "
                + "\"enabled\": false}").get("id").asLong();

        JsonNode result = run(id);

        assertThat(result.get("status").asString()).isEqualTo("ERROR");
        assertThat(result.get("message").asString()).contains("\"no_such_db\" does not exist");
        assertThat(result.get("id").asLong()).isPositive();
    }

    @Test
    void typeChangeKeepsSqlForLater() {
        long id = create("{\"name\": \"Switcher\", \"type\": \"QUERY\", \"sql\": \"SELECT 42\", \"enabled\": false}").get("id").asLong();

        admin.sendJson("PATCH", "/api/v1/canary-checks/" + id, "{\"type\": \"CONNECTIVITY\"}", true);
        HttpResponse<String> back = admin.sendJson("PATCH", "/api/v1/canary-checks/" + id, "{\"type\": \"QUERY\"}", true);
        HttpResponse<String> sqlOnConnectivity = admin.sendJson("PATCH", "/api/v1/canary-checks/"
                + id(WemClient.json(admin.get("/api/v1/canary-checks")).get("checks"), "Connectivity"), "{\"sql\": \"SELECT 1\"}", true);

        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(WemClient.json(back).get("sql").asString()).isEqualTo("SELECT 42");
        assertThat(sqlOnConnectivity.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(sqlOnConnectivity).get("error").asString())
                .isEqualTo("SQL applies to Query checks only; a Connectivity check has no SQL");
    }

    @Test
    void timeoutIsCriticalAndCancelledOnServer() throws Exception {
        long id = create("{\"name\": \"Sleeper\", \"type\": \"QUERY\", \"sql\": \"SELECT pg_sleep(20)\", \"timeoutSeconds\": 1, "
                + "\"intervalSeconds\": 60, \"enabled\": false}").get("id").asLong();

        JsonNode result = run(id);

        assertThat(result.get("status").asString()).isEqualTo("CRITICAL");
        assertThat(result.get("message").asString()).isEqualTo("Timed out after 1000 ms");
        assertThat(result.get("durationMs").asLong()).isLessThan(20_000);
        assertThat(activeQueries("SELECT pg_sleep(20)")).isZero();
    }

    @Test
    void testNowRunsUnsavedDefinition() {
        HttpResponse<String> response = admin.sendJson("POST", "/api/v1/canary-checks/test",
                "{\"name\": \"Unsaved\", \"type\": \"QUERY\", \"sql\": \"SELECT 1\"}", true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(WemClient.json(response).get("status").asString()).isEqualTo("OK");
        assertThat(WemClient.json(admin.get("/api/v1/canary-checks")).toString()).doesNotContain("Unsaved");
    }

    @Test
    void runNeedsTheAction() {
        long id = id(WemClient.json(admin.get("/api/v1/canary-checks")).get("checks"), "Connectivity");
        WemClient viewer = client();
        viewer.apiSignIn(TestUsers.create(users, encoder, "canary-viewer", Role.VIEWER, PASSWORD), PASSWORD);
        WemClient operator = client();
        operator.apiSignIn(TestUsers.create(users, encoder, "canary-operator", Role.OPERATOR, PASSWORD), PASSWORD);

        assertThat(viewer.get("/api/v1/canary/status").statusCode()).isEqualTo(200);
        assertThat(viewer.sendJson("POST", "/api/v1/canary-checks/" + id + "/run", null, true).statusCode()).isEqualTo(403);
        assertThat(operator.sendJson("POST", "/api/v1/canary-checks/" + id + "/run", null, true).statusCode()).isEqualTo(200);
        assertThat(operator.sendJson("POST", "/api/v1/canary-checks", "{\"name\": \"x\", \"type\": \"CONNECTIVITY\"}", true).statusCode())
                .isEqualTo(403);
        assertThat(operator.sendJson("POST", "/api/v1/canary/scheduler/stop", null, true).statusCode()).isEqualTo(403);
    }

    @Test
    void schedulerStopAndStartAreAuditedAndReported() {
        HttpResponse<String> stopped = admin.sendJson("POST", "/api/v1/canary/scheduler/stop", null, true);
        JsonNode status = WemClient.json(admin.get("/api/v1/canary/status"));
        HttpResponse<String> started = admin.sendJson("POST", "/api/v1/canary/scheduler/start", null, true);

        assertThat(WemClient.json(stopped).get("schedulerRunning").asBoolean()).isFalse();
        assertThat(status.get("schedulerRunning").asBoolean()).isFalse();
        assertThat(WemClient.json(started).get("schedulerRunning").asBoolean()).isTrue();
        assertThat(audit.latest(10)).extracting(AuditEvent::type)
                .contains(AuditEventType.STOP_SCHEDULER, AuditEventType.START_SCHEDULER);
    }

    @Test
    void scheduledRunsAppearWithMetrics() {
        long id = create("{\"name\": \"Every ten seconds\", \"type\": \"QUERY\", \"sql\": \"SELECT 1\", \"intervalSeconds\": 10, \"timeoutSeconds\": 3}")
                .get("id").asLong();

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(WemClient.json(admin.get("/api/v1/canary-checks/" + id + "/results")).get("results").size())
                        .isGreaterThanOrEqualTo(2));

        String metrics = client().get("/prom/metrics").body();
        assertThat(metrics).contains("wem_canary_status{").contains("check_name=\"Every ten seconds\"");
        assertThat(metrics).contains("wem_canary_checks_total{").contains("wem_scheduler_lock_held");
        admin.sendJson("DELETE", "/api/v1/canary-checks/" + id, null, true);
    }

    @Test
    void purgeDeletesResultsPastRetention() {
        long id = create("{\"name\": \"Old results\", \"type\": \"QUERY\", \"sql\": \"SELECT 1\", \"enabled\": false}")
                .get("id").asLong();
        repository.insertResult(id, Instant.now().minus(Duration.ofDays(15)), CheckOutcome.ok(1, 1L, "old"));
        repository.insertResult(id, Instant.now().minus(Duration.ofDays(13)), CheckOutcome.ok(1, 1L, "recent"));

        long deleted = service.purge();

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        JsonNode results = WemClient.json(admin.get("/api/v1/canary-checks/" + id + "/results")).get("results");
        assertThat(results.size()).isEqualTo(1);
        assertThat(results.get(0).get("message").asString()).isEqualTo("recent");
    }

    @Test
    void resultsRejectBadParameters() {
        long id = id(WemClient.json(admin.get("/api/v1/canary-checks")).get("checks"), "Connectivity");

        assertThat(admin.get("/api/v1/canary-checks/" + id + "/results?limit=0").statusCode()).isEqualTo(400);
        assertThat(admin.get("/api/v1/canary-checks/" + id + "/results?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(admin.get("/api/v1/canary-checks/" + id + "/results?status=BROKEN").statusCode()).isEqualTo(400);
        assertThat(admin.get("/api/v1/canary-checks/999999/results").statusCode()).isEqualTo(404);
    }

    private static long id(JsonNode checks, String name) {
        for (JsonNode check : checks) {
            if (check.get("name").asString().equals(name)) {
                return check.get("id").asLong();
            }
        }
        throw new AssertionError("No check named " + name + " in " + checks);
    }

    private static int activeQueries(String query) throws Exception {
        try (Connection connection = TestPostgres.shared().getPostgresDatabase().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = ?")) {
            statement.setString(1, query);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
