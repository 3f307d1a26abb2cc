package io.wem.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import io.wem.access.Role;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The Users tab's forms over HTTP: each form shows its messages next to the fields and keeps what was typed. */
class UsersPageTest extends WemIntegrationTest {

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    WemClient admin;

    @BeforeEach
    void signIn() {
        admin = client().signedInAs("admin", ADMIN_PASSWORD);
    }

    @Test
    void everyUsersPageRenders() {
        long id = users.findByUsername(TestUsers.create(users, encoder, "render", Role.VIEWER, "Render-Passw0rd!")).orElseThrow().id();

        assertThat(admin.get("/management/users").statusCode()).isEqualTo(200);
        assertThat(admin.get("/management/users?status=locked&role=VIEWER&q=x").statusCode()).isEqualTo(200);
        assertThat(admin.get("/management/users/new").body()).contains("id=\"user-form\"");
        assertThat(admin.get("/management/users/" + id).body()).contains("id=\"edit-form\"");
        assertThat(admin.get("/account/password").body()).contains("id=\"password-form\"");
        assertThat(admin.get("/management/users/999999").statusCode()).isEqualTo(404);
    }

    @Test
    void addFormShowsErrorsAndKeepsValues() {
        HttpResponse<String> response = submitNewUser(Map.of("username", "Bad Name", "fullName", "Kept Name",
                "role", "OPERATOR", "password", "weak", "passwordConfirmation", "weak"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("id=\"error-username\"").contains("id=\"error-password\"")
                .contains("value=\"Kept Name\"").doesNotContain("value=\"weak\"").contains("aria-invalid=\"true\"");
    }

    @Test
    void untickedActiveCreatesInactiveUser() {
        HttpResponse<String> response = submitNewUser(Map.of("username", "unticked", "role", "VIEWER",
                "password", "Good-Passw0rd!", "passwordConfirmation", "Good-Passw0rd!"));

        assertThat(response.statusCode()).isEqualTo(302);
        WemUser user = users.findByUsername("unticked").orElseThrow();
        assertThat(user.active()).isFalse();
        assertThat(user.mustChangePassword()).isFalse();
    }

    @Test
    void mismatchedConfirmationIsReported() {
        HttpResponse<String> response = submitNewUser(Map.of("username", "mismatch", "role", "VIEWER",
                "password", "Good-Passw0rd!", "passwordConfirmation", "Other-Passw0rd!"));

        assertThat(response.body()).contains("id=\"error-passwordConfirmation\"").contains("The two passwords differ");
        assertThat(users.findByUsername("mismatch")).isEmpty();
    }

    @Test
    void deleteNeedsTypedUsername() {
        String username = TestUsers.create(users, encoder, "typed", Role.VIEWER, "Typed-Passw0rd!");
        long id = users.findByUsername(username).orElseThrow().id();

        HttpResponse<String> wrong = admin.postForm("/management/users/" + id + "/delete",
                Map.of("confirmUsername", "something-else"), "/management/users/" + id, true);
        assertThat(wrong.body()).contains("id=\"error-confirmUsername\"");
        assertThat(users.findById(id)).isPresent();

        HttpResponse<String> right = admin.postForm("/management/users/" + id + "/delete",
                Map.of("confirmUsername", username), "/management/users/" + id, true);
        assertThat(right.statusCode()).isEqualTo(302);
        assertThat(users.findById(id)).isEmpty();
    }

    private HttpResponse<String> submitNewUser(Map<String, String> fields) {
        Map<String, String> form = new HashMap<>(fields);
        form.putIfAbsent("databaseRoleMode", "NONE");
        return admin.postForm("/management/users", form, "/management/users/new", true);
    }
}
