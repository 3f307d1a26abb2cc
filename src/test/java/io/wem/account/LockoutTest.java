package io.wem.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.wem.access.Role;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Lockout with the default policy: 5 failures within 15 minutes lock for 15 minutes. Tests move time by rewriting
 * the stored failure and lock times, which is what the passing of time would do.
 */
public class LockoutTest extends WemIntegrationTest {

    static final String PASSWORD = "Lockout-Passw0rd!";

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditService audit;

    @Autowired
    JdbcClient jdbc;

    @Test
    void fifthFailureLocksAndCorrectPasswordIsRefused() {
        String username = TestUsers.create(users, encoder, "lock", Role.VIEWER, PASSWORD);

        for (int i = 0; i < 4; i++) {
            assertThat(client().apiSignIn(username, "wrong").statusCode()).isEqualTo(401);
        }
        assertThat(users.findByUsername(username).orElseThrow().lockedAt()).isNull();
        client().apiSignIn(username, "wrong");

        WemUser locked = users.findByUsername(username).orElseThrow();
        assertThat(locked.lockedAt()).isNotNull();
        assertThat(locked.lockedUntil()).isBetween(Instant.now().plusSeconds(14 * 60), Instant.now().plusSeconds(15 * 60 + 5));
        HttpResponse<String> correct = client().apiSignIn(username, PASSWORD);
        assertThat(correct.statusCode()).isEqualTo(401);
        assertThat(WemClient.json(correct).get("error").asString()).isEqualTo("Invalid username or password");
        assertThat(events(AuditEventType.ACCOUNT_LOCKED, username)).hasSize(1);
    }

    @Test
    void failuresOutsideWindowStartNewRun() {
        String username = TestUsers.create(users, encoder, "window", Role.VIEWER, PASSWORD);
        for (int i = 0; i < 4; i++) {
            client().apiSignIn(username, "wrong");
        }
        jdbc.sql("UPDATE wem_user SET first_failure_at = first_failure_at - INTERVAL '16' MINUTE WHERE username = :u")
                .param("u", username).update();

        client().apiSignIn(username, "wrong");

        WemUser user = users.findByUsername(username).orElseThrow();
        assertThat(user.failedAttempts()).isEqualTo(1);
        assertThat(user.lockedAt()).isNull();
    }

    @Test
    void lockExpiresAfterDuration() {
        String username = TestUsers.create(users, encoder, "expiry", Role.VIEWER, PASSWORD);
        for (int i = 0; i < 5; i++) {
            client().apiSignIn(username, "wrong");
        }
        assertThat(client().apiSignIn(username, PASSWORD).statusCode()).isEqualTo(401);

        jdbc.sql("UPDATE wem_user SET locked_until = CURRENT_TIMESTAMP - INTERVAL '1' SECOND WHERE username = :u")
                .param("u", username).update();

        assertThat(client().apiSignIn(username, PASSWORD).statusCode()).isEqualTo(200);
        WemUser user = users.findByUsername(username).orElseThrow();
        assertThat(user.failedAttempts()).isZero();
        assertThat(user.lockedAt()).isNull();
    }

    @Test
    void lockedFailuresDoNotExtendLock() {
        String username = TestUsers.create(users, encoder, "extend", Role.VIEWER, PASSWORD);
        for (int i = 0; i < 5; i++) {
            client().apiSignIn(username, "wrong");
        }
        WemUser locked = users.findByUsername(username).orElseThrow();

        for (int i = 0; i < 3; i++) {
            client().apiSignIn(username, "wrong");
        }

        WemUser after = users.findByUsername(username).orElseThrow();
        assertThat(after.lockedUntil()).isEqualTo(locked.lockedUntil());
        assertThat(after.failedAttempts()).isEqualTo(5);
        assertThat(events(AuditEventType.FAILED_LOGIN, username)).hasSize(8)
                .filteredOn(event -> "account locked".equals(event.reason())).hasSize(3);
        assertThat(events(AuditEventType.ACCOUNT_LOCKED, username)).hasSize(1);
    }

    @Test
    void parallelFailuresLockOnce() throws Exception {
        String username = TestUsers.create(users, encoder, "parallel", Role.VIEWER, PASSWORD);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                attempts.add(() -> client().apiSignIn(username, "wrong").statusCode());
            }
            for (Future<Integer> result : pool.invokeAll(attempts)) {
                assertThat(result.get()).isEqualTo(401);
            }
        } finally {
            pool.shutdown();
        }

        WemUser user = users.findByUsername(username).orElseThrow();
        assertThat(user.lockedAt()).isNotNull();
        assertThat(events(AuditEventType.FAILED_LOGIN, username)).hasSize(20);
        assertThat(events(AuditEventType.ACCOUNT_LOCKED, username)).hasSize(1);
        assertThat(user.failedAttempts()).isBetween(5, 20);
    }

    @Test
    void lockedInactiveUnknownAndWrongGetSameAnswer() {
        String lockedUser = TestUsers.create(users, encoder, "same-locked", Role.VIEWER, PASSWORD);
        for (int i = 0; i < 5; i++) {
            client().apiSignIn(lockedUser, "wrong");
        }
        String inactive = TestUsers.create(users, encoder, "same-inactive", Role.VIEWER, PASSWORD);
        jdbc.sql("UPDATE wem_user SET active = FALSE WHERE username = :u").param("u", inactive).update();
        String wrong = TestUsers.create(users, encoder, "same-wrong", Role.VIEWER, PASSWORD);

        List<HttpResponse<String>> responses = List.of(
                client().apiSignIn(lockedUser, PASSWORD),
                client().apiSignIn(inactive, PASSWORD),
                client().apiSignIn("no-such-user-" + System.nanoTime(), PASSWORD),
                client().apiSignIn(wrong, "not-it"));

        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"error\":\"Invalid username or password\"}");
        }
        List<String> formLocations = new ArrayList<>();
        for (String username : List.of(lockedUser, inactive, "no-such-user-form", wrong)) {
            formLocations.add(client().signIn(username, username.equals(wrong) ? "not-it" : PASSWORD)
                    .headers().firstValue("Location").orElse(""));
        }
        assertThat(formLocations).allSatisfy(location -> assertThat(location).endsWith("/login?error"));
    }

    @Test
    void unknownUsernameCreatesNoRowAndIsAudited() {
        String attempted = "phantom-" + System.nanoTime();
        long before = users.count();

        client().apiSignIn(attempted, "whatever");

        assertThat(users.count()).isEqualTo(before);
        assertThat(events(AuditEventType.FAILED_LOGIN, attempted)).singleElement()
                .satisfies(event -> assertThat(event.reason()).isEqualTo("unknown user"));
    }

    @Test
    void unlockClearsLockAndIsAudited() {
        String username = TestUsers.create(users, encoder, "unlock", Role.VIEWER, PASSWORD);
        for (int i = 0; i < 5; i++) {
            client().apiSignIn(username, "wrong");
        }
        long id = users.findByUsername(username).orElseThrow().id();
        WemClient admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
        assertThat(WemClient.json(admin.get("/api/v1/users/" + id)).get("locked").asBoolean()).isTrue();

        HttpResponse<String> response = admin.sendJson("POST", "/api/v1/users/" + id + "/unlock", null, true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(WemClient.json(response).get("locked").asBoolean()).isFalse();
        assertThat(WemClient.json(response).get("failedAttempts").asInt()).isZero();
        assertThat(client().apiSignIn(username, PASSWORD).statusCode()).isEqualTo(200);
        assertThat(events(AuditEventType.ACCOUNT_UNLOCKED, username)).hasSize(1);
    }

    @Test
    void successfulSignInResetsCount() {
        String username = TestUsers.create(users, encoder, "reset-count", Role.VIEWER, PASSWORD);
        for (int i = 0; i < 4; i++) {
            client().apiSignIn(username, "wrong");
        }

        client().apiSignIn(username, PASSWORD);
        client().apiSignIn(username, "wrong");

        assertThat(users.findByUsername(username).orElseThrow().failedAttempts()).isEqualTo(1);
    }

    private List<AuditEvent> events(AuditEventType type, String username) {
        return audit.latest(5000).stream()
                .filter(event -> event.type() == type && username.equals(event.targetName()))
                .toList();
    }
}
