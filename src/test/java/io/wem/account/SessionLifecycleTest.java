package io.wem.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import io.wem.access.Role;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.json.JsonMapper;

/** An Admin's change to an account reaches that user's open sessions on their next request. */
class SessionLifecycleTest extends WemIntegrationTest {

    static final String PASSWORD = "Session-Passw0rd!";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    WemClient admin;

    @BeforeEach
    void signInAdmin() {
        admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
    }

    @Test
    void deactivationEndsOpenSessions() {
        String username = TestUsers.create(users, encoder, "deact", Role.OPERATOR, PASSWORD);
        WemClient page = client().signedInAs(username, PASSWORD);
        WemClient api = client();
        api.apiSignIn(username, PASSWORD);
        assertThat(page.get("/").statusCode()).isEqualTo(200);

        patch(username, Map.of("active", false));

        HttpResponse<String> next = page.get("/");
        assertThat(next.statusCode()).isEqualTo(302);
        assertThat(next.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login"));
        assertThat(api.get("/api/v1/cluster/overview").statusCode()).isEqualTo(401);
    }

    @Test
    void deletionEndsOpenSessions() {
        String username = TestUsers.create(users, encoder, "del", Role.VIEWER, PASSWORD);
        WemClient api = client();
        api.apiSignIn(username, PASSWORD);
        long id = users.findByUsername(username).orElseThrow().id();

        assertThat(admin.sendJson("DELETE", "/api/v1/users/" + id, null, true).statusCode()).isEqualTo(204);

        assertThat(api.get("/api/v1/cluster/overview").statusCode()).isEqualTo(401);
    }

    @Test
    void roleChangeAppliesOnNextRequest() {
        String username = TestUsers.create(users, encoder, "promote", Role.VIEWER, PASSWORD);
        WemClient page = client().signedInAs(username, PASSWORD);
        assertThat(page.get("/management/users").statusCode()).isEqualTo(403);

        patch(username, Map.of("role", "ADMIN"));

        assertThat(page.get("/management/users").statusCode()).isEqualTo(200);
        assertThat(page.get("/").body()).contains("href=\"/management\"");

        patch(username, Map.of("role", "VIEWER"));

        assertThat(page.get("/management/users").statusCode()).isEqualTo(403);
    }

    @Test
    void requiredPasswordChangeGatesEverythingElse() {
        String username = TestUsers.create(users, encoder, "forced", Role.OPERATOR, PASSWORD);
        patch(username, Map.of("mustChangePassword", true));
        WemClient page = client().signedInAs(username, PASSWORD);
        WemClient api = client();
        api.apiSignIn(username, PASSWORD);

        HttpResponse<String> dashboard = page.get("/");
        assertThat(dashboard.statusCode()).isEqualTo(302);
        assertThat(dashboard.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/account/password"));
        assertThat(page.get("/account/password").body()).contains("You must choose a new password");
        HttpResponse<String> apiCall = api.get("/api/v1/cluster/overview");
        assertThat(apiCall.statusCode()).isEqualTo(403);
        assertThat(WemClient.json(apiCall).get("error").asString()).contains("change your password first");

        HttpResponse<String> changed = api.sendJson("POST", "/api/v1/account/password",
                JSON.writeValueAsString(Map.of("currentPassword", PASSWORD, "newPassword", "Changed-Passw0rd!")), true);

        assertThat(changed.statusCode()).isEqualTo(204);
        assertThat(api.get("/api/v1/cluster/overview").statusCode()).isEqualTo(200);
        assertThat(page.get("/").statusCode()).isEqualTo(200);
        assertThat(users.findByUsername(username).orElseThrow().mustChangePassword()).isFalse();
    }

    @Test
    void ownPasswordChangeChecksCurrentAndPolicy() {
        String username = TestUsers.create(users, encoder, "own", Role.VIEWER, PASSWORD);
        WemClient api = client();
        api.apiSignIn(username, PASSWORD);

        HttpResponse<String> wrongCurrent = api.sendJson("POST", "/api/v1/account/password",
                JSON.writeValueAsString(Map.of("currentPassword", "nope", "newPassword", "Changed-Passw0rd!")), true);
        HttpResponse<String> weak = api.sendJson("POST", "/api/v1/account/password",
                JSON.writeValueAsString(Map.of("currentPassword", PASSWORD, "newPassword", "short")), true);

        assertThat(wrongCurrent.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(wrongCurrent).get("field").asString()).isEqualTo("currentPassword");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(weak).get("field").asString()).isEqualTo("newPassword");
        assertThat(client().apiSignIn(username, PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void passwordPageFormShowsMismatch() {
        String username = TestUsers.create(users, encoder, "form", Role.VIEWER, PASSWORD);
        WemClient page = client().signedInAs(username, PASSWORD);

        HttpResponse<String> response = page.postForm("/account/password", Map.of("currentPassword", PASSWORD,
                "newPassword", "Changed-Passw0rd!", "newPasswordConfirmation", "Different-Passw0rd!"), "/account/password", true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("id=\"error-newPasswordConfirmation\"").contains("The two new passwords differ");
    }

    private void patch(String username, Map<String, Object> body) {
        long id = users.findByUsername(username).orElseThrow().id();
        HttpResponse<String> response = admin.sendJson("PATCH", "/api/v1/users/" + id, JSON.writeValueAsString(body), true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
