package io.wem.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

public class UserApiTest extends WemIntegrationTest {

    static final String PASSWORD = "Strong-Passw0rd!";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    AuditService audit;

    WemClient admin;

    @BeforeEach
    void signInAdmin() {
        admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
    }

    @Test
    void createReturns201WithUserAndNoSecret() {
        String username = unique("ops");

        HttpResponse<String> response = create(Map.of("username", username, "fullName", "Ops Person", "role", "OPERATOR",
                "password", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode user = WemClient.json(response);
        assertThat(user.get("username").asString()).isEqualTo(username);
        assertThat(user.get("role").asString()).isEqualTo("OPERATOR");
        assertThat(user.get("active").asBoolean()).isTrue();
        assertThat(user.get("mustChangePassword").asBoolean()).isTrue();
        assertThat(user.get("locked").asBoolean()).isFalse();
        assertThat(user.get("databaseRole").isNull()).isTrue();
        assertThat(response.body()).doesNotContain(PASSWORD).doesNotContain("argon2").doesNotContain("passwordHash");
        assertThat(latestEvent(AuditEventType.CREATE_USER, username).details()).doesNotContain(PASSWORD);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Upper|username|Username must be 1 to 63 characters",
            "1abc|username|Username must be 1 to 63 characters",
            "has space|username|Username must be 1 to 63 characters",
    })
    void invalidUsernameIsNamed(String username, String field, String message) {
        HttpResponse<String> response = create(Map.of("username", username, "role", "VIEWER", "password", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(response).get("field").asString()).isEqualTo(field);
        assertThat(WemClient.json(response).get("error").asString()).startsWith(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Sh0rt!a|at least 12 characters",
            "no-upper-case-1!|an upper case letter",
            "NO-LOWER-CASE-1!|a lower case letter",
            "No-Digits-Here!!|a digit",
            "NoSpecials12345|a special character",
            "Xpassw0rd!-MYUSER-x|no copy of the username",
    })
    void passwordPolicyNamesEachRule(String password, String rule) {
        HttpResponse<String> response = create(Map.of("username", "myuser", "role", "VIEWER", "password", password));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = WemClient.json(response);
        assertThat(body.get("field").asString()).isEqualTo("password");
        assertThat(body.get("error").asString()).contains(rule);
    }

    @Test
    void everyUnmetPasswordRuleIsListed() {
        HttpResponse<String> response = create(Map.of("username", unique("weak"), "role", "VIEWER", "password", "abc"));

        String error = WemClient.json(response).get("error").asString();
        assertThat(error).contains("at least 12 characters").contains("an upper case letter").contains("a digit")
                .contains("a special character");
    }

    @Test
    void severalInvalidFieldsAreListedSeparately() {
        HttpResponse<String> response = create(Map.of("username", "Bad Name", "role", "OWNER", "password", "x"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode fields = WemClient.json(response).get("fields");
        assertThat(fields.has("username")).isTrue();
        assertThat(fields.get("role").asString()).isEqualTo("Role must be one of ADMIN, OPERATOR, VIEWER, got 'OWNER'");
        assertThat(fields.has("password")).isTrue();
    }

    @Test
    void duplicateUsernameIgnoringCaseIs409() {
        String username = unique("dup");
        create(Map.of("username", username, "role", "VIEWER", "password", PASSWORD));

        HttpResponse<String> again = create(Map.of("username", username.toUpperCase(), "role", "VIEWER", "password", PASSWORD));
        HttpResponse<String> exact = create(Map.of("username", username, "role", "VIEWER", "password", PASSWORD));

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(exact.statusCode()).isEqualTo(409);
        assertThat(WemClient.json(exact).get("error").asString()).contains("already exists");
    }

    @Test
    void inactiveOnCreateCannotSignIn() {
        String username = unique("off");
        create(Map.of("username", username, "role", "VIEWER", "password", PASSWORD, "active", false));

        assertThat(client().apiSignIn(username, PASSWORD).statusCode()).isEqualTo(401);
    }

    @Test
    void newDatabaseRoleIsCreated() throws Exception {
        String username = unique("dbuser");
        String password = "P@ss#%=/:{'x9" + "Aa";

        HttpResponse<String> response = create(Map.of("username", username, "role", "OPERATOR", "password", password,
                "mustChangePassword", false, "databaseRole", Map.of("mode", "CREATE")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(WemClient.json(response).get("databaseRole").asString()).isEqualTo(username);
        assertThat(roleCanLogin(username)).isTrue();
        assertThat(connectsAs(username, password)).isTrue();
        assertThat(connectsAs(username, "Wrong-Passw0rd!")).isFalse();
        assertThat(client().apiSignIn(username, password).statusCode()).isEqualTo(200);
        assertThat(latestEvent(AuditEventType.CREATE_DATABASE_ROLE, username).details()).doesNotContain(password);
    }

    @Test
    void failedDatabaseRoleLeavesNoWemUser() {
        String username = unique("taken");
        TestPostgres.execute(TestPostgres.clusterDataSource(), "CREATE ROLE \"" + username + "\" LOGIN");

        HttpResponse<String> response = create(Map.of("username", username, "role", "VIEWER", "password", PASSWORD,
                "databaseRole", Map.of("mode", "CREATE")));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(WemClient.json(response).get("error").asString()).contains("already exists");
        assertThat(admin.get("/api/v1/users?q=" + username).body()).doesNotContain(username);
    }

    @Test
    void existingDatabaseRoleMustBeLoginRole() {
        TestPostgres.execute(TestPostgres.clusterDataSource(), "DROP ROLE IF EXISTS etl_group");
        TestPostgres.execute(TestPostgres.clusterDataSource(), "CREATE ROLE etl_group NOLOGIN");
        TestPostgres.execute(TestPostgres.clusterDataSource(), "DROP ROLE IF EXISTS etl_reader");
        TestPostgres.execute(TestPostgres.clusterDataSource(), "CREATE ROLE etl_reader LOGIN");

        HttpResponse<String> refused = create(Map.of("username", unique("map"), "role", "VIEWER", "password", PASSWORD,
                "databaseRole", Map.of("mode", "EXISTING", "name", "etl_group")));
        HttpResponse<String> mapped = create(Map.of("username", unique("map"), "role", "VIEWER", "password", PASSWORD,
                "databaseRole", Map.of("mode", "EXISTING", "name", "etl_reader")));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(refused).get("field").asString()).isEqualTo("databaseRole.name");
        assertThat(mapped.statusCode()).isEqualTo(201);
        assertThat(WemClient.json(mapped).get("databaseRole").asString()).isEqualTo("etl_reader");
        List<String> roles = JSON.readValue(WemClient.json(admin.get("/api/v1/database-roles")).get("databaseRoles").toString(),
                JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(roles).contains("etl_reader").doesNotContain("etl_group").noneMatch(role -> role.startsWith("pg_"));
    }

    @Test
    void patchChangesOnlySentFields() {
        long id = idOf(create(Map.of("username", unique("patch"), "fullName", "Before", "role", "VIEWER", "password", PASSWORD)));

        HttpResponse<String> response = admin.sendJson("PATCH", "/api/v1/users/" + id, "{\"role\": \"OPERATOR\"}", true);

        JsonNode user = WemClient.json(response);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(user.get("role").asString()).isEqualTo("OPERATOR");
        assertThat(user.get("fullName").asString()).isEqualTo("Before");
        assertThat(user.get("active").asBoolean()).isTrue();
        AuditEvent event = latestEvent(AuditEventType.UPDATE_USER, user.get("username").asString());
        assertThat(event.details()).contains("\"role\":{\"before\":\"VIEWER\",\"after\":\"OPERATOR\"}").doesNotContain("fullName");
    }

    @Test
    void summaryCountsMatchList() {
        JsonNode summary = WemClient.json(admin.get("/api/v1/users/summary"));
        JsonNode users = WemClient.json(admin.get("/api/v1/users")).get("users");

        long active = 0;
        long admins = 0;
        long locked = 0;
        for (JsonNode user : users) {
            active += user.get("active").asBoolean() ? 1 : 0;
            admins += user.get("role").asString().equals("ADMIN") ? 1 : 0;
            locked += user.get("locked").asBoolean() ? 1 : 0;
        }
        assertThat(summary.get("total").asLong()).isEqualTo(users.size());
        assertThat(summary.get("active").asLong()).isEqualTo(active);
        assertThat(summary.get("admins").asLong()).isEqualTo(admins);
        assertThat(summary.get("locked").asLong()).isEqualTo(locked);
    }

    @Test
    void listFiltersByRoleStatusAndText() {
        String viewer = unique("findme");
        create(Map.of("username", viewer, "fullName", "Needle Person", "role", "VIEWER", "password", PASSWORD, "active", false));

        assertThat(admin.get("/api/v1/users?q=needle").body()).contains(viewer);
        assertThat(admin.get("/api/v1/users?role=OPERATOR").body()).doesNotContain(viewer);
        assertThat(admin.get("/api/v1/users?status=inactive").body()).contains(viewer);
        assertThat(admin.get("/api/v1/users?status=active").body()).doesNotContain(viewer);
        HttpResponse<String> bad = admin.get("/api/v1/users?status=sleeping");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(bad).get("field").asString()).isEqualTo("status");
    }

    @Test
    void lastActiveAdminIsGuarded() {
        long adminId = WemClient.json(admin.get("/api/v1/users?role=ADMIN&status=active")).get("users").get(0).get("id").asLong();
        assertThat(WemClient.json(admin.get("/api/v1/users?role=ADMIN&status=active")).get("users").size()).isEqualTo(1);

        HttpResponse<String> demote = admin.sendJson("PATCH", "/api/v1/users/" + adminId, "{\"role\": \"VIEWER\"}", true);
        HttpResponse<String> deactivate = admin.sendJson("PATCH", "/api/v1/users/" + adminId, "{\"active\": false}", true);

        assertThat(demote.statusCode()).isEqualTo(409);
        assertThat(WemClient.json(demote).get("error").asString()).contains("last active Admin");
        assertThat(deactivate.statusCode()).isEqualTo(409);
        assertThat(WemClient.json(admin.get("/api/v1/users/" + adminId)).get("role").asString()).isEqualTo("ADMIN");
    }

    @Test
    void adminCannotDeleteOwnAccount() {
        long adminId = WemClient.json(admin.get("/api/v1/users?q=admin&role=ADMIN")).get("users").get(0).get("id").asLong();

        HttpResponse<String> response = admin.sendJson("DELETE", "/api/v1/users/" + adminId, null, true);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(WemClient.json(response).get("error").asString()).contains("own account");
    }

    @Test
    void deleteKeepsAuditHistoryReadable() {
        String username = unique("gone");
        long id = idOf(create(Map.of("username", username, "role", "VIEWER", "password", PASSWORD)));

        HttpResponse<String> response = admin.sendJson("DELETE", "/api/v1/users/" + id, null, true);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(admin.get("/api/v1/users/" + id).statusCode()).isEqualTo(404);
        assertThat(latestEvent(AuditEventType.DELETE_USER, username).targetName()).isEqualTo(username);
        assertThat(latestEvent(AuditEventType.CREATE_USER, username).targetName()).isEqualTo(username);
    }

    @Test
    void passwordResetForcesChangeAndHidesPassword() {
        String username = unique("reset");
        long id = idOf(create(Map.of("username", username, "role", "VIEWER", "password", PASSWORD, "mustChangePassword", false)));
        String temporary = "Temporary-Passw0rd#";

        HttpResponse<String> response = admin.sendJson("POST", "/api/v1/users/" + id + "/password-reset",
                JSON.writeValueAsString(Map.of("password", temporary)), true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(WemClient.json(response).get("mustChangePassword").asBoolean()).isTrue();
        assertThat(client().apiSignIn(username, temporary).statusCode()).isEqualTo(200);
        assertThat(latestEvent(AuditEventType.PASSWORD_RESET, username).details()).doesNotContain(temporary);
    }

    @Test
    void unknownIdIs404AndBadBodyIs400() {
        assertThat(admin.get("/api/v1/users/999999").statusCode()).isEqualTo(404);
        HttpResponse<String> bad = admin.sendJson("POST", "/api/v1/users", "{not json", true);
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void scriptInFullNameIsShownAsText() {
        String username = unique("xss");
        create(Map.of("username", username, "fullName", "<script>alert(1)</script>", "role", "VIEWER", "password", PASSWORD));
        WemClient browser = client().signedInAs("admin", ADMIN_PASSWORD);

        String page = browser.get("/management/users?q=" + username).body();

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)</script>");
    }

    private HttpResponse<String> create(Map<String, Object> body) {
        return admin.sendJson("POST", "/api/v1/users", JSON.writeValueAsString(body), true);
    }

    private static long idOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return WemClient.json(response).get("id").asLong();
    }

    private AuditEvent latestEvent(AuditEventType type, String targetName) {
        return audit.latest(1000).stream()
                .filter(event -> event.type() == type && targetName.equals(event.targetName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + type + " event for " + targetName));
    }

    static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

    private static boolean roleCanLogin(String role) throws Exception {
        try (Connection connection = TestPostgres.clusterDataSource().getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    private static boolean connectsAs(String role, String password) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", password);
        String url = "jdbc:postgresql://127.0.0.1:" + TestPostgres.shared().getPort() + "/postgres";
        try (Connection connection = new org.postgresql.Driver().connect(url, properties)) {
            return connection.isValid(5);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }
}
