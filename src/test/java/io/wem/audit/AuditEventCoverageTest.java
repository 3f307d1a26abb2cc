package io.wem.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.testsupport.TestPanelConfiguration;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.json.JsonMapper;

/** Each action produces its audit event with actor, target and outcome; one test per event type. */
class AuditEventCoverageTest extends WemIntegrationTest {

    private static final String PASSWORD = "Coverage-Passw0rd!";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    AuditService audit;

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    ServletWebServerApplicationContext context;

    WemClient admin;

    @BeforeEach
    void signInAdmin() {
        admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
    }

    @Test
    void login() {
        String username = user(Role.VIEWER);
        client().apiSignIn(username, PASSWORD);
        assertEvent(AuditEventType.LOGIN, username, AuditEvent.Outcome.SUCCESS);
    }

    @Test
    void logout() {
        String username = user(Role.VIEWER);
        client().signedInAs(username, PASSWORD).signOut();
        assertEvent(AuditEventType.LOGOUT, username, AuditEvent.Outcome.SUCCESS);
    }

    @Test
    void failedLogin() {
        String username = user(Role.VIEWER);
        client().apiSignIn(username, "wrong");
        AuditEvent event = assertEvent(AuditEventType.FAILED_LOGIN, username, AuditEvent.Outcome.FAILURE);
        assertThat(event.reason()).isEqualTo("wrong password");
        assertThat(event.sourceIp()).isEqualTo("127.0.0.1");
    }

    @Test
    void sessionExpired() throws IOException {
        String username = user(Role.VIEWER);
        WemClient client = client().signedInAs(username, PASSWORD);
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        Session session = ((Context) server.getTomcat().getHost().findChildren()[0]).getManager().findSession(client.sessionId());
        session.expire();
        assertEvent(AuditEventType.SESSION_EXPIRED, username, AuditEvent.Outcome.SUCCESS);
    }

    @Test
    void signOutIsNotRecordedAsExpiry() {
        String username = user(Role.VIEWER);
        client().signedInAs(username, PASSWORD).signOut();
        assertThat(events(AuditEventType.SESSION_EXPIRED, username)).isEmpty();
    }

    @Test
    void accountLockedAndUnlocked() {
        String username = user(Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            client().apiSignIn(username, "wrong");
        }
        assertEvent(AuditEventType.ACCOUNT_LOCKED, username, AuditEvent.Outcome.SUCCESS);
        admin.sendJson("POST", "/api/v1/users/" + id(username) + "/unlock", null, true);
        assertThat(assertEvent(AuditEventType.ACCOUNT_UNLOCKED, username, AuditEvent.Outcome.SUCCESS).actorUsername())
                .isEqualTo("admin");
    }

    @Test
    void createUpdateDeleteUser() {
        String username = "cov-" + Long.toString(System.nanoTime(), 36);
        admin.sendJson("POST", "/api/v1/users", JSON.writeValueAsString(Map.of("username", username, "role", "VIEWER",
                "password", PASSWORD)), true);
        assertEvent(AuditEventType.CREATE_USER, username, AuditEvent.Outcome.SUCCESS);
        admin.sendJson("PATCH", "/api/v1/users/" + id(username), "{\"fullName\": \"Changed\"}", true);
        assertThat(assertEvent(AuditEventType.UPDATE_USER, username, AuditEvent.Outcome.SUCCESS).details())
                .contains("\"fullName\":{\"before\":\"\",\"after\":\"Changed\"}");
        admin.sendJson("DELETE", "/api/v1/users/" + id(username), null, true);
        assertEvent(AuditEventType.DELETE_USER, username, AuditEvent.Outcome.SUCCESS);
    }

    @Test
    void passwordChangeAndReset() {
        String username = user(Role.VIEWER);
        WemClient own = client();
        own.apiSignIn(username, PASSWORD);
        own.sendJson("POST", "/api/v1/account/password", JSON.writeValueAsString(Map.of("currentPassword", PASSWORD,
                "newPassword", "Coverage-Changed1!")), true);
        assertEvent(AuditEventType.PASSWORD_CHANGE, username, AuditEvent.Outcome.SUCCESS);
        admin.sendJson("POST", "/api/v1/users/" + id(username) + "/password-reset",
                JSON.writeValueAsString(Map.of("password", "Coverage-Reset22!")), true);
        assertEvent(AuditEventType.PASSWORD_RESET, username, AuditEvent.Outcome.SUCCESS);
    }

    @Test
    void createDatabaseRole() {
        String username = "covdb-" + Long.toString(System.nanoTime(), 36);
        admin.sendJson("POST", "/api/v1/users", JSON.writeValueAsString(Map.of("username", username, "role", "VIEWER",
                "password", PASSWORD, "databaseRole", Map.of("mode", "CREATE"))), true);
        assertEvent(AuditEventType.CREATE_DATABASE_ROLE, username, AuditEvent.Outcome.SUCCESS);
    }

    @Test
    void updateAndResetPermissions() {
        String matrix = admin.get("/api/v1/permissions").body()
                .replace("\"key\":\"" + TestPanelConfiguration.ACTION + "\",\"label\":\"Poke\",\"grants\":{\"ADMIN\":true,\"OPERATOR\":true",
                        "\"key\":\"" + TestPanelConfiguration.ACTION + "\",\"label\":\"Poke\",\"grants\":{\"ADMIN\":true,\"OPERATOR\":false");
        HttpResponse<String> update = admin.sendJson("PUT", "/api/v1/permissions", matrix, true);
        assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
        assertEvent(AuditEventType.UPDATE_PERMISSIONS, "permission matrix", AuditEvent.Outcome.SUCCESS);
        admin.sendJson("POST", "/api/v1/permissions/reset", null, true);
        assertEvent(AuditEventType.RESET_PERMISSIONS, "permission matrix", AuditEvent.Outcome.SUCCESS);
    }

    @Test
    void failedChangeLeavesNoEvent() {
        String username = "covfail-" + Long.toString(System.nanoTime(), 36);
        TestPostgres.execute(TestPostgres.clusterDataSource(), "CREATE ROLE \"" + username + "\" LOGIN");
        long before = audit.chainState().lastSeq();

        HttpResponse<String> response = admin.sendJson("POST", "/api/v1/users", JSON.writeValueAsString(Map.of(
                "username", username, "role", "VIEWER", "password", PASSWORD, "databaseRole", Map.of("mode", "CREATE"))), true);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(events(AuditEventType.CREATE_USER, username)).isEmpty();
        assertThat(users.findByUsername(username)).isEmpty();
        assertThat(audit.latest(50)).noneMatch(event -> event.seq() > before && username.equals(event.targetName()));
    }

    private AuditEvent assertEvent(AuditEventType type, String targetName, AuditEvent.Outcome outcome) {
        List<AuditEvent> found = events(type, targetName);
        assertThat(found).as(type + " for " + targetName).isNotEmpty();
        AuditEvent event = found.get(0);
        assertThat(event.outcome()).isEqualTo(outcome);
        assertThat(event.actorUsername()).isNotBlank();
        assertThat(event.hash()).hasSize(64);
        return event;
    }

    private List<AuditEvent> events(AuditEventType type, String targetName) {
        return audit.latest(2000).stream()
                .filter(event -> event.type() == type && targetName.equals(event.targetName()))
                .toList();
    }

    private String user(Role role) {
        return TestUsers.create(users, encoder, "cov", role, PASSWORD);
    }

    private long id(String username) {
        return users.findByUsername(username).orElseThrow().id();
    }
}
