package io.wem.query;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.wem.cluster.ClusterConnection;
import io.wem.cluster.ClusterInfo;
import io.wem.cluster.SlowQuerySql;
import io.wem.config.WemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads new slow statements from the cluster's log every {@code WEM_SLOW_QUERY_POLL} and stores each once. The read
 * positions live in the store, and every chunk moves its source's position in the same transaction as its
 * statements, so a crash between two chunks neither loses nor repeats an entry. Several WEM instances sharing a
 * store may poll at once: the position check lets one of them store a chunk and makes the others skip it.
 */
@Component
public class SlowQueryCollector implements SmartLifecycle {

    static final Duration FIRST_POLL_DELAY = Duration.ofSeconds(5);
    private static final int PURGE_BATCH = 5_000;
    private static final Logger log = LoggerFactory.getLogger(SlowQueryCollector.class);

    private final ClusterConnection cluster;
    private final SlowQueryRepository repository;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration interval;
    private final int retentionDays;
    private final Object pollLock = new Object();
    private ScheduledExecutorService executor;
    private volatile Status status;

    /**
     * The outcome of the latest poll. {@code problem} names a cluster setting or privilege that is missing;
     * {@code error} is a failure to reach the cluster. {@code logMinDurationStatement} is the cluster's setting as
     * text, null when it could not be read.
     */
    public record Status(Instant polledAt, Instant nextPollAt, String source, String problem, String error,
                         int newStatements, long bytesBehind, String logMinDurationStatement, long intervalSeconds) {
    }

    SlowQueryCollector(ClusterConnection cluster, SlowQueryRepository repository, TransactionTemplate transaction, Clock clock,
                       WemConfig config) {
        this.cluster = cluster;
        this.repository = repository;
        this.transaction = transaction;
        this.clock = clock;
        this.interval = config.slowQueryPoll();
        this.retentionDays = config.slowQueryRetentionDays();
        this.status = new Status(null, null, null, null, null, 0, 0, null, interval.toSeconds());
    }

    public Status status() {
        return status;
    }

    /** Reads what the cluster logged since the last poll. The scheduler calls it, and tests call it directly. */
    public Status poll() {
        synchronized (pollLock) {
            return pollOnce();
        }
    }

    private Status pollOnce() {
        Instant now = clock.instant();
        Instant next = now.plus(interval);
        Status previous = status;
        try (Connection connection = cluster.connection()) {
            ClusterInfo info = cluster.info(connection);
            SlowQueryLog source = info.flavor().hasSegments() ? new GreenplumToolkitLog() : new PostgresCsvLog();
            String minDuration = logMinDuration(connection);
            try {
                Instant skipBefore = now.minus(Duration.ofDays(retentionDays));
                SlowQueryLog.ReadReport report = source.read(connection, repository.positions(), skipBefore, new StoreSink());
                String loggingOff = "-1".equals(minDuration)
                        ? "log_min_duration_statement is -1, so the cluster logs no slow statements. An Admin can set a"
                                + " threshold in milliseconds in Management > Settings."
                        : null;
                status = new Status(now, next, source.description(), loggingOff, null, report.newStatements(),
                        report.bytesBehind(), minDuration, interval.toSeconds());
                if (report.newStatements() > 0) {
                    log.debug("Read {} slow statements from {} log sources", report.newStatements(), report.sources());
                }
            } catch (SlowQueryLog.SetupException e) {
                if (!Objects.equals(previous.problem(), e.getMessage())) {
                    log.warn("Slow queries cannot be read from the cluster's log: {}", e.getMessage());
                }
                status = new Status(now, next, source.description(), e.getMessage(), null, 0, 0, minDuration, interval.toSeconds());
            }
        } catch (SQLException e) {
            cluster.forgetInfo();
            String error = e.getMessage();
            if (previous.error() == null) {
                log.warn("Reading slow queries from the cluster failed: {} (SQL state {})", error, e.getSQLState());
            }
            status = new Status(now, next, previous.source(), previous.problem(), error, 0, previous.bytesBehind(),
                    previous.logMinDurationStatement(), interval.toSeconds());
        }
        return status;
    }

    private static String logMinDuration(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(SlowQuerySql.LOG_MIN_DURATION)) {
            row.next();
            return row.getString(1);
        }
    }

    /** Stores each chunk and its new position in one transaction. */
    private final class StoreSink implements SlowQueryLog.Sink {

        @Override
        public int save(String source, SlowQueryLog.Position expected, SlowQueryLog.Position next,
                        List<SlowStatement> statements) {
            try {
                Integer stored = transaction.execute(state -> {
                    if (!repository.movePosition(source, expected, next, clock.instant())) {
                        state.setRollbackOnly();
                        return NOT_SAVED;
                    }
                    return repository.insertNew(statements);
                });
                return stored == null ? NOT_SAVED : stored;
            } catch (DataIntegrityViolationException e) {
                // Another WEM instance stored the same source or entries first; it owns this chunk.
                log.debug("Skipped a chunk of {} that another WEM instance stored: {}", source, e.getMessage());
                return NOT_SAVED;
            }
        }

        @Override
        public void forget(String source) {
            repository.forget(source);
        }
    }

    /** Deletes statements older than WEM_SLOW_QUERY_RETENTION_DAYS, in batches, every night. */
    @Scheduled(cron = "0 47 3 * * *")
    void purgeDaily() {
        purge();
    }

    long purge() {
        Instant cutoff = clock.instant().minus(Duration.ofDays(retentionDays));
        long deleted = 0;
        int batch;
        do {
            batch = repository.purge(cutoff, PURGE_BATCH);
            deleted += batch;
        } while (batch == PURGE_BATCH);
        if (deleted > 0) {
            log.info("Deleted {} slow statements older than {} days", deleted, retentionDays);
        }
        return deleted;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.error("Reading slow queries failed", e);
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "wem-slow-queries");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::pollSafely, FIRST_POLL_DELAY.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Reading slow queries from the cluster's log every {} s", interval.toSeconds());
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
