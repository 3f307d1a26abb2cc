package io.wem.last;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs after every other test class that shares this context and scans every audit row they left for the passwords
 * and secrets the tests used: none may appear in any column.
 */
@Order(Integer.MAX_VALUE)
class AuditSecretScanTest extends WemIntegrationTest {

    private static final List<String> SECRETS = List.of(ADMIN_PASSWORD, "Strong-Passw0rd!", "Lockout-Passw0rd!",
            "Session-Passw0rd!", "Changed-Passw0rd!", "Temporary-Passw0rd#", "P@ss#%=/:{'x9Aa", "Coverage-Passw0rd!",
            "Coverage-Changed1!", "Coverage-Reset22!", "Operator-Start1!", "Operator-Chosen2#", "Route-Check-Passw0rd!",
            "Matrix-Passw0rd!", "Viewer-Browser1!", "Switch-Passw0rd!", "Render-Passw0rd!", "Good-Passw0rd!",
            "Typed-Passw0rd!", "Someone-Passw0rd!", "Viewer-Passw0rd!", "Racing-Passw0rd!", "Inactive-Passw0rd!",
            "Canary-Viewer1!", "Observer-Passw0rd!", "Slow-Viewer-Passw0rd!", "Metrics-Viewer-Passw0rd!", "Logs-Operator-Passw0rd!",
            "test-cookie-secret-used-only-by-the-test-suite", "$argon2id$");

    @Autowired
    JdbcClient jdbc;

    @Test
    void noSecretInAnyAuditRow() {
        List<String> rows = jdbc.sql("""
                SELECT CONCAT(COALESCE(actor_username, ''), '|', COALESCE(target_name, ''), '|', COALESCE(target_id, ''), '|',
                              COALESCE(reason, ''), '|', COALESCE(user_agent, ''), '|', details)
                FROM audit_event
                """).query(String.class).list();

        assertThat(rows).hasSizeGreaterThan(20);
        for (String secret : SECRETS) {
            assertThat(rows).as("audit rows containing " + secret).noneMatch(row -> row.contains(secret));
        }
    }
}
