package io.wem.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.wem.settings.SettingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily retention purge: it deletes events older than WEM_AUDIT_RETENTION_DAYS from the start of the chain, in
 * batches, and moves the chain's anchor to the last deleted event so that verification starts there. It then
 * records AUDIT_PURGED with the count and the new first hash. The only code that deletes audit rows.
 */
@Service
public class AuditRetention {

    static final int BATCH_SIZE = 5_000;
    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditRepository repository;
    private final AuditService audit;
    private final TransactionTemplate transaction;
    private final DataSource dataSource;
    private final Clock clock;
    private final SettingsStore settings;

    AuditRetention(AuditRepository repository, AuditService audit, TransactionTemplate transaction, DataSource dataSource,
                   Clock clock, SettingsStore settings) {
        this.repository = repository;
        this.audit = audit;
        this.transaction = transaction;
        this.dataSource = dataSource;
        this.clock = clock;
        this.settings = settings;
    }

    /** Returns the retention period saved in Settings now; a change applies at the next purge. */
    public Duration retention() {
        return Duration.ofDays(settings.current().auditRetentionDays());
    }

    @Scheduled(cron = "0 17 3 * * *")
    void daily() {
        purge();
    }

    /** Deletes what is older than the retention period and returns how many events went. */
    public long purge() {
        Instant cutoff = Instant.now(clock).minus(retention());
        long deleted = 0;
        try {
            while (true) {
                Integer batch = transaction.execute(status -> purgeBatch(cutoff));
                if (batch == null || batch == 0) {
                    break;
                }
                deleted += batch;
            }
            long total = deleted;
            transaction.executeWithoutResult(status -> {
                ChainState chain = repository.lockChain();
                List<Object[]> first = repository.oldest(chain.anchorSeq(), 1);
                repository.recordPurge(Instant.now(clock), total, "success");
                if (total > 0) {
                    audit.record(AuditEvent.Draft.success(AuditEventType.AUDIT_PURGED, null, "system")
                            .target("audit log", null, "audit events")
                            .details(Map.of("deleted", total, "olderThan", cutoff.toString(),
                                    "anchorSeq", chain.anchorSeq(), "anchorHash", chain.anchorHash(),
                                    "newFirstHash", first.isEmpty() ? "" : (String) first.get(0)[1])));
                }
            });
            log.info("Audit purge removed {} events older than {}", total, cutoff);
            return total;
        } catch (RuntimeException e) {
            long total = deleted;
            log.error("Audit purge failed after removing {} events: {}", total, e.getMessage(), e);
            transaction.executeWithoutResult(status -> repository.recordPurge(Instant.now(clock), total,
                    "failed: " + e.getMessage()));
            throw e;
        }
    }

    /** Deletes one batch from the start of the chain, only while events are older than the cutoff. */
    private int purgeBatch(Instant cutoff) {
        allowDeletes();
        ChainState chain = repository.lockChain();
        List<Object[]> oldest = repository.oldest(chain.anchorSeq(), BATCH_SIZE);
        long lastSeq = -1;
        String lastHash = null;
        for (Object[] row : oldest) {
            if (!((Instant) row[2]).isBefore(cutoff)) {
                break;
            }
            lastSeq = (Long) row[0];
            lastHash = (String) row[1];
        }
        if (lastSeq < 0) {
            return 0;
        }
        int count = repository.deleteThrough(chain.anchorSeq(), lastSeq);
        repository.moveAnchor(lastSeq, lastHash);
        return count;
    }

    /** Sets, for this transaction only, the PostgreSQL setting that the append-only trigger checks. */
    private void allowDeletes() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (!connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT set_config('wem.audit_purge', 'on', true)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not enable the audit purge for this transaction", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
