package io.wem.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/** The sessions API against real sessions that the test opens on the test PostgreSQL. */
class SessionApiTest extends WemIntegrationTest {

    private static final String PASSWORD = "Monitor-Passw0rd!";

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditService audit;

    private final List<Connection> opened = new ArrayList<>();
    WemClient admin;

    @BeforeEach
    void signIn() {
        admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
    }

    @AfterEach
    void closeSessions() throws SQLException {
        for (Connection connection : opened) {
            connection.close();
        }
        TestPostgres.execute(TestPostgres.shared().getPostgresDatabase(), "DROP TABLE IF EXISTS monitor_lock_target");
    }

    private Connection open(String application) throws SQLException {
        Connection connection = TestPostgres.shared().getPostgresDatabase().getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = '" + application + "'");
        }
        opened.add(connection);
        return connection;
    }

    private static int pidOf(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private JsonNode session(int pid) {
        for (JsonNode session : WemClient.json(admin.get("/api/v1/sessions")).get("sessions")) {
            if (session.get("pid").asInt() == pid) {
                return session;
            }
        }
        return null;
    }

    private HttpResponse<String> signal(WemClient client, int pid, String action, String backendStart, String reason) {
        return client.sendJson("POST", "/api/v1/sessions/" + pid + "/" + action,
                "{\"backendStart\": \"" + backendStart + "\", \"reason\": \"" + reason + "\"}", true);
    }

    @Test
    void sleepingQueryIsListedAndCancelled() throws Exception {
        Connection sleeper = open("monitor-sleeper");
        int pid = pidOf(sleeper);
        AtomicReference<String> failure = new AtomicReference<>();
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try (Statement statement = sleeper.createStatement()) {
                statement.execute("SELECT pg_sleep(60)");
            } catch (SQLException e) {
                failure.set(e.getSQLState());
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> session(pid) != null && "active".equals(session(pid).get("state").asString()));
        await().atMost(Duration.ofSeconds(10)).until(() -> session(pid).get("durationSeconds").asLong() >= 1);

        JsonNode listed = session(pid);
        assertThat(listed.get("query").asString()).isEqualTo("SELECT pg_sleep(60)");
        assertThat(listed.get("application").asString()).isEqualTo("monitor-sleeper");
        assertThat(listed.get("sessionId").asLong()).isEqualTo(pid);
        HttpResponse<String> cancelled = signal(admin, pid, "cancel", listed.get("backendStart").asString(), "test cancel");

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(WemClient.json(cancelled).get("outcome").asString()).isEqualTo("cancelled");
        running.get();
        assertThat(failure.get()).isEqualTo("57014");
        AuditEvent event = audit.latest(20).stream().filter(e -> e.type() == AuditEventType.CANCEL_QUERY).findFirst().orElseThrow();
        assertThat(event.details()).contains("\"pid\":" + pid).contains("SELECT pg_sleep(60)").contains("\"reason\":\"test cancel\"")
                .contains("\"outcome\":\"cancelled\"");
        assertThat(event.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
    }

    @Test
    void idleSessionIsTerminated() throws Exception {
        Connection idle = open("monitor-idle");
        int pid = pidOf(idle);
        JsonNode listed = session(pid);
        assertThat(listed.get("state").asString()).isEqualTo("idle");

        HttpResponse<String> cancel = signal(admin, pid, "cancel", listed.get("backendStart").asString(), "");
        HttpResponse<String> terminated = signal(admin, pid, "terminate", listed.get("backendStart").asString(), "idle too long");

        assertThat(cancel.statusCode()).isEqualTo(409);
        assertThat(WemClient.json(cancel).get("error").asString()).isEqualTo("Session " + pid + " is idle, so it has no query to cancel");
        assertThat(WemClient.json(terminated).get("outcome").asString()).isEqualTo("terminated");
        assertThat(session(pid)).isNull();
        assertThat(audit.latest(20)).anyMatch(e -> e.type() == AuditEventType.TERMINATE_SESSION && e.details().contains("idle too long"));
    }

    @Test
    void lockWaitShowsBlockerChain() throws Exception {
        TestPostgres.execute(TestPostgres.shared().getPostgresDatabase(), "CREATE TABLE monitor_lock_target (id int)");
        Connection holder = open("monitor-holder");
        holder.setAutoCommit(false);
        try (Statement statement = holder.createStatement()) {
            statement.execute("LOCK TABLE monitor_lock_target IN ACCESS EXCLUSIVE MODE");
        }
        Connection waiter = open("monitor-waiter");
        int holderPid = pidOf(holder);
        int waiterPid = pidOf(waiter);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try (Statement statement = waiter.createStatement()) {
                statement.execute("SELECT * FROM monitor_lock_target");
            } catch (SQLException e) {
                // Ends when the holder's transaction ends or the test closes the connection.
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> session(waiterPid) != null && session(waiterPid).get("blockedBy").size() > 0);

        JsonNode list = WemClient.json(admin.get("/api/v1/sessions"));
        JsonNode details = WemClient.json(admin.get("/api/v1/sessions/" + waiterPid));
        JsonNode holderDetails = WemClient.json(admin.get("/api/v1/sessions/" + holderPid));

        assertThat(session(waiterPid).get("blockedBy").toString()).isEqualTo("[" + holderPid + "]");
        assertThat(list.get("summary").get("blocked").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(details.get("blockedBy").get(0).get("pid").asInt()).isEqualTo(holderPid);
        assertThat(holderDetails.get("blocking").get(0).get("pid").asInt()).isEqualTo(waiterPid);
        assertThat(holderDetails.get("locks").toString()).contains("AccessExclusiveLock").contains("monitor_lock_target");
        assertThat(session(holderPid).get("state").asString()).isEqualTo("idle in transaction");

        HttpResponse<String> cancel = signal(admin, holderPid, "cancel", session(holderPid).get("backendStart").asString(), "");
        assertThat(cancel.statusCode()).isEqualTo(409);
        assertThat(WemClient.json(cancel).get("error").asString()).contains("has no running query to cancel").contains("Terminate it");
        assertThat(session(waiterPid).get("blockedBy").toString()).isEqualTo("[" + holderPid + "]");
        holder.rollback();
        waiting.get();
    }

    @Test
    void changedBackendStartIsConflict() throws Exception {
        Connection idle = open("monitor-changed");
        int pid = pidOf(idle);

        HttpResponse<String> response = signal(admin, pid, "terminate", "2001-01-01T00:00:00Z", "");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(WemClient.json(response).get("error").asString()).isEqualTo("The session has ended or changed; refresh the list");
        assertThat(session(pid)).isNotNull();
    }

    @Test
    void ownSessionsAreHiddenAndProtected() {
        JsonNode all = WemClient.json(admin.get("/api/v1/sessions?includeOwn=true")).get("sessions");
        JsonNode own = null;
        for (JsonNode session : all) {
            if (session.get("own").asBoolean()) {
                own = session;
            }
        }
        assertThat(own).isNotNull();
        int pid = own.get("pid").asInt();
        assertThat(session(pid)).isNull();

        HttpResponse<String> response = signal(admin, pid, "terminate", own.get("backendStart").asString(), "");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(WemClient.json(response).get("error").asString()).contains("belongs to WEM itself");
    }

    @Test
    void viewerCannotCancelAndSeesDisabledButtons() throws Exception {
        Connection idle = open("monitor-viewer-target");
        int pid = pidOf(idle);
        String viewerName = TestUsers.create(users, encoder, "monitor-viewer", Role.VIEWER, PASSWORD);
        WemClient viewer = client();
        viewer.apiSignIn(viewerName, PASSWORD);
        WemClient viewerPages = client().signedInAs(viewerName, PASSWORD);

        HttpResponse<String> response = signal(viewer, pid, "terminate", session(pid).get("backendStart").asString(), "");
        String page = viewerPages.get("/queries/" + pid).body();

        assertThat(viewer.get("/api/v1/sessions").statusCode()).isEqualTo(200);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(page).containsPattern("id=\"terminate-session\"[^>]*disabled");
        assertThat(page).contains("lacks the permission &#39;session.terminate&#39;");
        assertThat(session(pid)).isNotNull();
        AuditEvent denial = audit.latest(20).stream().filter(e -> e.type() == AuditEventType.ACCESS_DENIED).findFirst().orElseThrow();
        assertThat(denial.actorUsername()).isEqualTo(viewerName);
        assertThat(denial.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
        assertThat(denial.targetId()).isEqualTo("POST /api/v1/sessions/" + pid + "/terminate");
        assertThat(denial.details()).contains("session.terminate");
    }

    @Test
    void badParametersAreRejected() {
        assertThat(admin.get("/api/v1/sessions?sort=color").statusCode()).isEqualTo(400);
        assertThat(WemClient.json(admin.get("/api/v1/sessions?state=bogus")).get("field").asString()).isEqualTo("state");
        assertThat(WemClient.json(admin.get("/api/v1/sessions?direction=sideways")).get("field").asString()).isEqualTo("direction");
        String page = client().signedInAs("admin", ADMIN_PASSWORD).get("/queries?minDurationSeconds=1.5").body();
        assertThat(page).contains("id=\"filter-error\"").contains("Min duration must be a whole number of seconds");
        assertThat(admin.get("/api/v1/sessions?minDurationSeconds=-1").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = admin.sendJson("POST", "/api/v1/sessions/1/cancel", "{}", true);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(missing).get("field").asString()).isEqualTo("backendStart");
        assertThat(admin.get("/api/v1/sessions/999999").statusCode()).isEqualTo(404);
    }
}
