package io.wem.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

class SignInTest extends WemIntegrationTest {

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditService audit;

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void formSignInLandsOnDashboard() {
        WemClient client = client();

        HttpResponse<String> response = client.signIn("admin", ADMIN_PASSWORD);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/"));
        HttpResponse<String> dashboard = client.get("/");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("id=\"cluster-status\"");
    }

    @Test
    void signInIssuesNewSessionId() {
        WemClient client = client();
        client.get("/login");
        String before = client.sessionId();

        client.signedInAs("admin", ADMIN_PASSWORD);

        assertThat(before).isNotNull();
        assertThat(client.sessionId()).isNotNull().isNotEqualTo(before);
    }

    @Test
    void failedSignInMessageIsGeneric() {
        WemClient wrongPassword = client();
        WemClient unknownUser = client();

        HttpResponse<String> first = wrongPassword.signIn("admin", "not-the-password");
        HttpResponse<String> second = unknownUser.signIn("nobody-" + System.nanoTime(), "whatever");

        assertThat(first.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(second.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        String page = wrongPassword.get("/login?error").body();
        assertThat(page).contains("Invalid username or password");
        assertThat(unknownUser.get("/login?error").body()).contains("Invalid username or password");
        assertThat(wrongPassword.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void failedSignInIsAudited() {
        String attempted = "ghost-" + System.nanoTime();

        client().signIn(attempted, "whatever");

        AuditEvent event = latest(AuditEventType.FAILED_LOGIN, attempted);
        assertThat(event.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
        assertThat(event.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(event.userAgent()).isEqualTo("WEM test client");
        assertThat(event.actorId()).isNull();
    }

    @Test
    void signInAndSignOutAreAudited() {
        String username = TestUsers.create(users, encoder, "auditee", Role.VIEWER, "Viewer-Passw0rd!");
        WemClient client = client().signedInAs(username, "Viewer-Passw0rd!");

        HttpResponse<String> signOut = client.signOut();

        assertThat(signOut.statusCode()).isEqualTo(302);
        assertThat(signOut.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?signedOut"));
        assertThat(latest(AuditEventType.LOGIN, username).outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
        assertThat(latest(AuditEventType.LOGOUT, username).outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
        assertThat(client.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void inactiveUserCannotSignIn() {
        String username = "inactive-" + Long.toString(System.nanoTime(), 36);
        users.insert(new UserRepository.NewUser(username, "Inactive", Role.VIEWER, encoder.encode("Inactive-Passw0rd!"),
                false, false, null), Instant.now());

        HttpResponse<String> response = client().signIn(username, "Inactive-Passw0rd!");

        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    }

    @Test
    void postWithoutCsrfTokenIsRejected() {
        WemClient client = client().signedInAs("admin", ADMIN_PASSWORD);
        client.get("/");

        HttpResponse<String> response = client.postForm("/logout", Map.of(), "/", false);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(client.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void signInFormWithoutCsrfTokenIsRejected() {
        WemClient client = client();
        client.get("/login");

        HttpResponse<String> response = client.postForm("/login",
                Map.of("username", "admin", "password", ADMIN_PASSWORD), "/login", false);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(client.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void staleSignInFormReportsExpiry() {
        WemClient client = client();

        HttpResponse<String> response = client.postForm("/login",
                Map.of("username", "admin", "password", ADMIN_PASSWORD), "/login", false);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?expired"));
        assertThat(client.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void logoutByGetDoesNotSignOut() {
        WemClient client = client().signedInAs("admin", ADMIN_PASSWORD);

        HttpResponse<String> response = client.get("/logout");

        assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(client.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void expiredSessionShowsLoginPageWithNotice() throws IOException {
        WemClient client = client().signedInAs("admin", ADMIN_PASSWORD);
        String sessionId = client.sessionId();

        expire(sessionId);
        HttpResponse<String> response = client.get("/");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?expired"));
        assertThat(client.get("/login?expired").body()).contains("Your session expired");
    }

    @Test
    void expiredSessionGetsJsonFromApi() throws IOException {
        WemClient client = client();
        client.apiSignIn("admin", ADMIN_PASSWORD);

        expire(client.sessionId());
        HttpResponse<String> response = client.get("/api/v1/cluster/overview");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(WemClient.json(response).get("error").asString()).contains("session expired");
    }

    @Test
    void apiWithoutSessionGets401Json() {
        HttpResponse<String> response = client().get("/api/v1/cluster/overview");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(WemClient.json(response).get("error").asString()).contains("POST /api/v1/session");
    }

    @Test
    void apiSignInReturnsCsrfToken() {
        WemClient client = client();

        HttpResponse<String> response = client.apiSignIn("admin", ADMIN_PASSWORD);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = WemClient.json(response);
        assertThat(body.get("username").asString()).isEqualTo("admin");
        assertThat(body.get("role").asString()).isEqualTo("ADMIN");
        assertThat(body.get("csrfToken").asString()).isNotBlank();
        assertThat(body.has("password")).isFalse();
        assertThat(client.get("/api/v1/cluster/overview").statusCode()).isEqualTo(200);
    }

    @Test
    void apiSignInFailureIsGeneric401() {
        HttpResponse<String> wrong = client().apiSignIn("admin", "wrong");
        HttpResponse<String> unknown = client().apiSignIn("nobody-" + System.nanoTime(), "wrong");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(WemClient.json(wrong).get("error").asString()).isEqualTo("Invalid username or password");
        assertThat(WemClient.json(unknown).get("error").asString()).isEqualTo("Invalid username or password");
    }

    @Test
    void apiSignInWithMissingFieldNamesIt() {
        HttpResponse<String> response = client().sendJson("POST", "/api/v1/session", "{\"username\": \"admin\"}", false);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(response).get("field").asString()).isEqualTo("password");
    }

    @Test
    void apiSignOutNeedsCsrfHeader() {
        WemClient client = client();
        client.apiSignIn("admin", ADMIN_PASSWORD);

        HttpResponse<String> withoutToken = client.sendJson("DELETE", "/api/v1/session", null, false);
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(WemClient.json(withoutToken).get("error").asString()).contains("CSRF");

        HttpResponse<String> withToken = client.sendJson("DELETE", "/api/v1/session", null, true);
        assertThat(withToken.statusCode()).isEqualTo(204);
        assertThat(client.get("/api/v1/cluster/overview").statusCode()).isEqualTo(401);
    }

    @Test
    void sessionCookieFlags() {
        HttpResponse<String> response = client().get("/login");

        List<String> cookies = response.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("WEM_SESSION=").contains("HttpOnly").contains("SameSite=Lax"));
    }

    private AuditEvent latest(AuditEventType type, String username) {
        return audit.latest(500).stream()
                .filter(event -> event.type() == type && username.equals(event.actorUsername()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + type + " event for " + username));
    }

    /** Expires the session in Tomcat, as its idle timeout would. */
    private void expire(String sessionId) throws IOException {
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        Context web = (Context) server.getTomcat().getHost().findChildren()[0];
        Session session = web.getManager().findSession(sessionId);
        assertThat(session).as("server session " + sessionId).isNotNull();
        session.expire();
    }
}
