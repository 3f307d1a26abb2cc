package io.wem.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

class ManagementAccessTest extends WemIntegrationTest {

    private static final String PASSWORD = "Someone-Passw0rd!";

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @Test
    void nonAdminGets403PageForManagement() {
        for (Role role : new Role[] {Role.OPERATOR, Role.VIEWER}) {
            WemClient client = signedIn(role);

            HttpResponse<String> response = client.get("/management");

            assertThat(response.statusCode()).as(role + " status").isEqualTo(403);
            assertThat(response.body()).as(role + " page").contains("id=\"error-message\"").contains("may not open");
        }
    }

    @Test
    void nonAdminGets403JsonFromManagementApi() {
        for (Role role : new Role[] {Role.OPERATOR, Role.VIEWER}) {
            WemClient client = client();
            String username = TestUsers.create(users, encoder, role.name().toLowerCase(), role, PASSWORD);
            client.apiSignIn(username, PASSWORD);

            HttpResponse<String> response = client.get("/api/v1/users");

            assertThat(response.statusCode()).as(role + " status").isEqualTo(403);
            assertThat(WemClient.json(response).get("error").asString()).as(role + " message").contains("may not open");
        }
    }

    @Test
    void adminOpensManagementPageAndApi() {
        WemClient client = client().signedInAs("admin", ADMIN_PASSWORD);

        assertThat(client.get("/management").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/management/users"));
        assertThat(client.get("/management/users").statusCode()).isEqualTo(200);
        HttpResponse<String> api = client.get("/api/v1/users");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"username\":\"admin\"").doesNotContain("password_hash").doesNotContain("$argon2");
    }

    @Test
    void sidebarShowsManagementToAdminOnly() {
        String adminPage = client().signedInAs("admin", ADMIN_PASSWORD).get("/").body();
        String viewerPage = signedIn(Role.VIEWER).get("/").body();

        assertThat(adminPage).contains("href=\"/management\"");
        assertThat(viewerPage).doesNotContain("href=\"/management\"");
        assertThat(viewerPage).contains(">Dashboard<");
    }

    @Test
    void htmxRequestGetsForbiddenFragment() {
        WemClient client = signedIn(Role.VIEWER);

        HttpResponse<String> response = client.get("/management", Map.of("HX-Request", "true"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("<html").contains("alert");
    }

    private WemClient signedIn(Role role) {
        String username = TestUsers.create(users, encoder, role.name().toLowerCase(), role, PASSWORD);
        return client().signedInAs(username, PASSWORD);
    }
}
