package io.wem.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.wem.config.WemConfig;
import io.wem.settings.SettingsStore;
import io.wem.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The retention purge and the append-only guard, each on a fresh state store of its own, on H2 and on PostgreSQL. */
class AuditRetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void purgeRemovesOldPrefixAndKeepsChainVerifiable(String vendor) {
        DataSource store = freshStore(vendor);
        JdbcClient jdbc = JdbcClient.create(store);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(store));
        AuditService old = AuditService.create(jdbc, new JdbcTemplate(store), Clock.fixed(NOW.minus(Duration.ofDays(400)), ZoneOffset.UTC));
        AuditService current = AuditService.create(jdbc, new JdbcTemplate(store), Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < 12; i++) {
            old.recordBackground(AuditEvent.Draft.success(AuditEventType.LOGIN, null, "old-" + i));
        }
        for (int i = 0; i < 5; i++) {
            current.recordBackground(AuditEvent.Draft.success(AuditEventType.LOGIN, null, "recent-" + i));
        }
        AuditRetention retention = new AuditRetention(new AuditRepository(jdbc, new JdbcTemplate(store)), current,
                transaction, store, Clock.fixed(NOW, ZoneOffset.UTC), SettingsStore.withoutSavedValues(config(365)));

        long deleted = retention.purge();

        assertThat(deleted).isEqualTo(12);
        assertThat(current.latest(100)).hasSize(6).noneMatch(event -> event.actorUsername().startsWith("old-"));
        AuditEvent purged = current.latest(1).get(0);
        assertThat(purged.type()).isEqualTo(AuditEventType.AUDIT_PURGED);
        assertThat(purged.details()).contains("\"deleted\":12").contains("newFirstHash");
        ChainState chain = current.chainState();
        assertThat(chain.anchorSeq()).isEqualTo(12);
        assertThat(chain.lastPurgeCount()).isEqualTo(12);
        assertThat(chain.lastPurgeOutcome()).isEqualTo("success");
        AuditService.Verification verification = current.verify();
        assertThat(verification.valid()).as(verification.reason()).isTrue();
        assertThat(verification.checked()).isEqualTo(6);

        assertThat(retention.purge()).isZero();
        assertThat(current.verify().valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql"})
    void triggerRejectsUpdateAndDelete(String vendor) {
        DataSource store = freshStore(vendor);
        JdbcClient jdbc = JdbcClient.create(store);
        AuditService audit = AuditService.create(jdbc, new JdbcTemplate(store), Clock.systemUTC());
        audit.recordBackground(AuditEvent.Draft.success(AuditEventType.LOGIN, null, "guarded"));

        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_event SET reason = 'edited'").update())
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_event").update())
                .rootCause().hasMessageContaining("append-only");
        assertThat(audit.latest(10)).singleElement().satisfies(event -> assertThat(event.reason()).isNull());
    }

    private DataSource freshStore(String vendor) {
        DataSource store;
        if (vendor.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:file:" + directory.resolve("wem") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            h2.setUser("wem");
            store = h2;
        } else {
            String database = "wem_retention_" + Long.toString(System.nanoTime(), 36);
            TestPostgres.execute(TestPostgres.clusterDataSource(), "CREATE DATABASE " + database);
            store = TestPostgres.shared().getDatabase(TestPostgres.USER, database);
        }
        Flyway.configure().dataSource(store).locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load().migrate();
        return store;
    }

    private static WemConfig config(int retentionDays) {
        Map<String, String> values = new HashMap<>();
        values.put("WEM_COOKIE_SECRET", "a-cookie-secret-that-is-long-enough-for-wem");
        values.put("WEM_AUDIT_RETENTION_DAYS", Integer.toString(retentionDays));
        return WemConfig.load(values::get);
    }
}
