package io.wem.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.wem.account.UserRepository;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.testsupport.TestPanelConfiguration;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PermissionsApiTest extends WemIntegrationTest {

    private static final String PASSWORD = "Matrix-Passw0rd!";

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditService audit;

    WemClient admin;

    @BeforeEach
    void signInAdmin() {
        admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
    }

    @AfterEach
    void restoreDefaults() {
        admin.sendJson("POST", "/api/v1/permissions/reset", null, true);
    }

    @Test
    void matrixListsPanelsActionsAndFixedCells() {
        JsonNode matrix = WemClient.json(admin.get("/api/v1/permissions"));

        JsonNode management = panel(matrix, "management");
        assertThat(management.get("fixed").asBoolean()).isTrue();
        assertThat(management.get("fixedReason").asString()).contains("Admin-only");
        assertThat(management.get("grants").get("OPERATOR").asBoolean()).isFalse();
        assertThat(panel(matrix, "dashboard").get("grants").get("VIEWER").asBoolean()).isTrue();
        JsonNode test = panel(matrix, TestPanelConfiguration.PANEL);
        assertThat(test.get("fixed").asBoolean()).isFalse();
        assertThat(test.get("actions").get(0).get("key").asString()).isEqualTo(TestPanelConfiguration.ACTION);
        assertThat(test.get("actions").get(0).get("grants").get("VIEWER").asBoolean()).isFalse();
        assertThat(matrix.get("actionPermissionsEnabled").asBoolean()).isTrue();
    }

    @Test
    void putOfMatrixAsReadChangesNothing() {
        String matrix = admin.get("/api/v1/permissions").body();

        HttpResponse<String> response = admin.sendJson("PUT", "/api/v1/permissions", matrix, true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(WemClient.json(response)).isEqualTo(WemClient.json(admin.get("/api/v1/permissions")));
    }

    @Test
    void grantingManagementToOperatorIsRejected() {
        ObjectNode matrix = (ObjectNode) WemClient.json(admin.get("/api/v1/permissions"));
        ((ObjectNode) panel(matrix, "management").get("grants")).put("OPERATOR", true);

        HttpResponse<String> response = admin.sendJson("PUT", "/api/v1/permissions", matrix.toString(), true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(response).get("error").asString())
                .contains("panel management is fixed for OPERATOR").contains("Admin-only");
    }

    @Test
    void unknownKeysAreNamed() {
        String body = """
                {"panels": [{"key": "no-such-panel", "grants": {"ADMIN": true, "OPERATOR": true, "VIEWER": true}}]}
                """;

        HttpResponse<String> response = admin.sendJson("PUT", "/api/v1/permissions", body, true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(response).get("error").asString()).contains("Unknown keys: panel no-such-panel");
        assertThat(WemClient.json(response).get("field").asString()).isEqualTo("panels");
    }

    @Test
    void partialMatrixIsRejectedWithMissingKeys() {
        HttpResponse<String> response = admin.sendJson("PUT", "/api/v1/permissions", "{\"panels\": []}", true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(response).get("error").asString())
                .contains("missing: ").contains("panel " + TestPanelConfiguration.PANEL).contains("panel metrics")
                .contains("action " + TestPanelConfiguration.ACTION);
    }

    @Test
    void actionWithoutItsPanelIsRejected() {
        ObjectNode matrix = (ObjectNode) WemClient.json(admin.get("/api/v1/permissions"));
        JsonNode test = panel(matrix, TestPanelConfiguration.PANEL);
        ((ObjectNode) test.get("grants")).put("OPERATOR", false);

        HttpResponse<String> response = admin.sendJson("PUT", "/api/v1/permissions", matrix.toString(), true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(response).get("error").asString())
                .contains("action test.poke cannot be granted to OPERATOR because OPERATOR cannot see panel test-panel");
    }

    @Test
    void updateAuditedAndResetRestores() {
        String before = admin.get("/api/v1/permissions").body();
        ObjectNode matrix = (ObjectNode) WemClient.json(admin.get("/api/v1/permissions"));
        JsonNode test = panel(matrix, TestPanelConfiguration.PANEL);
        ((ObjectNode) test.get("grants")).put("VIEWER", false);

        assertThat(admin.sendJson("PUT", "/api/v1/permissions", matrix.toString(), true).statusCode()).isEqualTo(200);
        AuditEvent update = latest(AuditEventType.UPDATE_PERMISSIONS);
        assertThat(update.details()).contains("\"permission\":\"panel:test-panel\"").contains("\"role\":\"VIEWER\"")
                .contains("\"before\":true").contains("\"after\":false");
        assertThat(update.details()).doesNotContain("\"role\":\"ADMIN\"");

        HttpResponse<String> reset = admin.sendJson("POST", "/api/v1/permissions/reset", null, true);

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(WemClient.json(admin.get("/api/v1/permissions")).toString()).isEqualTo(before);
        assertThat(latest(AuditEventType.RESET_PERMISSIONS).details()).contains("panel:test-panel");
    }

    @Test
    void signedInOperatorLosesPanelOnNextRequest() {
        String username = TestUsers.create(users, encoder, "matrix-op", Role.OPERATOR, PASSWORD);
        WemClient operator = client().signedInAs(username, PASSWORD);
        assertThat(operator.get(TestPanelConfiguration.PAGE).statusCode()).isEqualTo(200);
        assertThat(operator.get("/").body()).contains("href=\"" + TestPanelConfiguration.PAGE + "\"");

        setCell("action", TestPanelConfiguration.ACTION, Role.OPERATOR, false);
        setCell("panel", TestPanelConfiguration.PANEL, Role.OPERATOR, false);

        assertThat(operator.get(TestPanelConfiguration.PAGE).statusCode()).isEqualTo(403);
        assertThat(operator.get("/").body()).doesNotContain("href=\"" + TestPanelConfiguration.PAGE + "\"");
    }

    @Test
    void eachToggleSwitchesItsRoute() {
        Map<Role, WemClient> clients = Map.of(
                Role.ADMIN, admin,
                Role.OPERATOR, apiClient(TestUsers.create(users, encoder, "toggle-op", Role.OPERATOR, PASSWORD)),
                Role.VIEWER, apiClient(TestUsers.create(users, encoder, "toggle-viewer", Role.VIEWER, PASSWORD)));

        for (Role role : Role.values()) {
            WemClient caller = clients.get(role);
            setCell("panel", TestPanelConfiguration.PANEL, role, true);
            setCell("action", TestPanelConfiguration.ACTION, role, true);
            assertThat(caller.get(TestPanelConfiguration.PAGE).statusCode()).as(role + " panel on").isEqualTo(200);
            assertThat(poke(caller)).as(role + " action on").isEqualTo(204);

            setCell("action", TestPanelConfiguration.ACTION, role, false);
            assertThat(poke(caller)).as(role + " action off").isEqualTo(403);
            assertThat(caller.get(TestPanelConfiguration.PAGE).statusCode()).as(role + " panel still on").isEqualTo(200);

            setCell("panel", TestPanelConfiguration.PANEL, role, false);
            assertThat(caller.get(TestPanelConfiguration.PAGE).statusCode()).as(role + " panel off").isEqualTo(403);

            setCell("panel", TestPanelConfiguration.PANEL, role, true);
            setCell("action", TestPanelConfiguration.ACTION, role, true);
            assertThat(caller.get(TestPanelConfiguration.PAGE).statusCode()).as(role + " panel back").isEqualTo(200);
            assertThat(poke(caller)).as(role + " action back").isEqualTo(204);
        }
    }

    @Test
    void viewerGets403FromEveryManagementApi() {
        WemClient viewer = apiClient(TestUsers.create(users, encoder, "matrix-viewer", Role.VIEWER, PASSWORD));

        for (String path : List.of("/api/v1/users", "/api/v1/users/summary", "/api/v1/roles", "/api/v1/permissions",
                "/api/v1/database-roles")) {
            assertThat(viewer.get(path).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(viewer.sendJson("PUT", "/api/v1/permissions", "{}", true).statusCode()).isEqualTo(403);
        assertThat(viewer.sendJson("POST", "/api/v1/permissions/reset", null, true).statusCode()).isEqualTo(403);
    }

    @Test
    void rolesListCountsUsers() {
        JsonNode roles = WemClient.json(admin.get("/api/v1/roles")).get("roles");

        long total = 0;
        for (JsonNode role : roles) {
            total += role.get("userCount").asLong();
        }
        assertThat(roles).hasSize(3);
        assertThat(roles.get(0).get("name").asString()).isEqualTo("ADMIN");
        assertThat(roles.get(0).get("panels").toString()).contains("Management");
        assertThat(roles.get(2).get("panels").toString()).doesNotContain("Management");
        assertThat(total).isEqualTo(WemClient.json(admin.get("/api/v1/users/summary")).get("total").asLong());
    }

    private void setCell(String kind, String key, Role role, boolean granted) {
        ObjectNode matrix = (ObjectNode) WemClient.json(admin.get("/api/v1/permissions"));
        for (JsonNode panel : matrix.get("panels")) {
            if (kind.equals("panel") && panel.get("key").asString().equals(key)) {
                ((ObjectNode) panel.get("grants")).put(role.name(), granted);
            }
            for (JsonNode action : panel.get("actions")) {
                if (kind.equals("action") && action.get("key").asString().equals(key)) {
                    ((ObjectNode) action.get("grants")).put(role.name(), granted);
                }
            }
        }
        HttpResponse<String> response = admin.sendJson("PUT", "/api/v1/permissions", matrix.toString(), true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static int poke(WemClient client) {
        return client.sendJson("POST", TestPanelConfiguration.ACTION_ROUTE, null, true).statusCode();
    }

    private WemClient apiClient(String username) {
        WemClient client = client();
        client.apiSignIn(username, PASSWORD);
        return client;
    }

    @Test
    void revokedObservationPanelsGive403() {
        ObjectNode matrix = (ObjectNode) WemClient.json(admin.get("/api/v1/permissions"));
        for (String key : List.of("queries", "slow-queries", "metrics", "logs")) {
            ((ObjectNode) panel(matrix, key).get("grants")).put("VIEWER", false);
        }
        assertThat(admin.sendJson("PUT", "/api/v1/permissions", matrix.toString(), true).statusCode()).isEqualTo(200);
        WemClient viewer = apiClient(TestUsers.create(users, encoder, "matrix-viewer", Role.VIEWER, PASSWORD));

        for (String path : List.of("/api/v1/sessions", "/api/v1/slow-queries", "/api/v1/slow-queries/status",
                "/api/v1/metrics/query_range?query=up&start=1&end=100", "/api/v1/logs?query=x", "/api/v1/logs/labels",
                "/api/v1/logs/tail?query=x", "/queries", "/slow-queries", "/slow-queries/export.csv", "/metrics",
                "/metrics/chart?chart=sessions", "/logs", "/logs/export.csv")) {
            assertThat(viewer.get(path).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(admin.get("/api/v1/slow-queries").statusCode()).isEqualTo(200);
    }

    private static JsonNode panel(JsonNode matrix, String key) {
        for (JsonNode panel : matrix.get("panels")) {
            if (panel.get("key").asString().equals(key)) {
                return panel;
            }
        }
        throw new AssertionError("No panel " + key);
    }

    private AuditEvent latest(AuditEventType type) {
        return audit.latest(500).stream().filter(event -> event.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("No " + type + " event"));
    }
}
