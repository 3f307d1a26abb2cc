package io.wem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.account.WemUser;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** What WEM's state store must do on every supported database; one subclass per database runs it. */
abstract class StateStoreContract extends WemIntegrationTest {

    @Autowired
    UserRepository users;

    @Autowired
    AuditService audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;


    /** Returns the database product that the store is expected to run on, as JDBC names it. */
    abstract String expectedProduct();

    @Test
    void storeRunsOnExpectedDatabase() {
        String product = jdbc.sql("SELECT 1").query((rows, n) -> rows.getStatement().getConnection().getMetaData()
                .getDatabaseProductName()).single();

        assertThat(product).isEqualTo(expectedProduct());
    }

    @Test
    void migrationsAreApplied() {
        Integer applied = jdbc.sql("SELECT count(*) FROM \"flyway_schema_history\" WHERE \"success\"").query(Integer.class).single();

        assertThat(applied).isGreaterThanOrEqualTo(1);
    }

    @Test
    void userRoundTripsAndIsFoundIgnoringCase() {
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long id = users.insert(new UserRepository.NewUser("roundtrip-" + suffix(), "Round Trip <b>", Role.OPERATOR,
                "$argon2id$placeholder", true, true, "etl_reader"), created);

        WemUser user = users.findById(id).orElseThrow();

        assertThat(users.findByUsername(user.username().toUpperCase())).contains(user);
        assertThat(user.fullName()).isEqualTo("Round Trip <b>");
        assertThat(user.role()).isEqualTo(Role.OPERATOR);
        assertThat(user.mustChangePassword()).isTrue();
        assertThat(user.databaseRole()).isEqualTo("etl_reader");
        assertThat(user.createdAt()).isEqualTo(created);
    }

    @Test
    void duplicateUsernameIsRejected() {
        String username = "twice-" + suffix();
        users.insert(new UserRepository.NewUser(username, "", Role.VIEWER, "x", true, false, null), Instant.now());

        assertThatThrownBy(() -> users.insert(new UserRepository.NewUser(username, "", Role.VIEWER, "x", true, false, null),
                Instant.now())).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void auditEventRoundTripsWithDetails() {
        String target = "target-" + suffix();

        transaction.executeWithoutResult(status -> audit.record(
                AuditEvent.Draft.success(AuditEventType.CREATE_USER, 42L, "tester")
                        .target("user", "7", target)
                        .details(Map.of("role", "VIEWER", "note", "quote \" and unicode é"))));

        AuditEvent event = audit.latest(50).stream().filter(e -> target.equals(e.targetName())).findFirst().orElseThrow();
        assertThat(event.type()).isEqualTo(AuditEventType.CREATE_USER);
        assertThat(event.actorId()).isEqualTo(42L);
        assertThat(event.targetKind()).isEqualTo("user");
        assertThat(event.details()).contains("\"role\":\"VIEWER\"").contains("unicode é");
        assertThat(event.occurredAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
    }

    @Test
    void auditRecordOutsideTransactionIsRefused() {
        assertThatThrownBy(() -> audit.record(AuditEvent.Draft.success(AuditEventType.LOGIN, null, "nobody")))
                .hasMessageContaining("transaction");
    }

    @Test
    void rolledBackChangeLeavesNoEvent() {
        String target = "rolledback-" + suffix();

        transaction.executeWithoutResult(status -> {
            audit.record(AuditEvent.Draft.success(AuditEventType.CREATE_USER, null, "tester").target("user", null, target));
            status.setRollbackOnly();
        });

        assertThat(audit.latest(100)).noneMatch(event -> target.equals(event.targetName()));
    }

    @Test
    void httpSignInRecordedHere() {
        client().signedInAs("admin", ADMIN_PASSWORD);

        assertThat(audit.latest(20)).anyMatch(event -> event.type() == AuditEventType.LOGIN && "admin".equals(event.actorUsername()));
        assertThat(users.findByUsername("admin").orElseThrow().lastLoginAt()).isNotNull();
    }

    private static String suffix() {
        return Long.toString(System.nanoTime(), 36);
    }
}
