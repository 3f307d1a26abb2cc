package io.wem.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Reads the Dashboard's overview from the cluster. Results are shared for {@link #MAX_AGE}, so any number of
 * open dashboards cost the cluster one set of queries per interval; a background probe keeps the state fresh and
 * logs each change between reachable and unreachable once.
 */
@Service
public class ClusterOverviewService {

    static final Duration MAX_AGE = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(ClusterOverviewService.class);
    private static final String[] STATES = {"active", "idle", "idle in transaction", "idle in transaction (aborted)"};

    private final ClusterConnection cluster;
    private final Clock clock;
    private final Object refreshLock = new Object();
    private volatile ClusterOverview latest;

    ClusterOverviewService(ClusterConnection cluster, Clock clock, MeterRegistry meters) {
        this.cluster = cluster;
        this.clock = clock;
        Gauge.builder("wem_cluster_up", this, service -> service.latest != null && service.latest.reachable() ? 1 : 0)
                .description("1 when the last check reached the cluster, else 0")
                .register(meters);
    }

    /** Returns an overview at most {@link #MAX_AGE} old; concurrent callers wait for one shared refresh. */
    public ClusterOverview overview() {
        ClusterOverview current = latest;
        if (isFresh(current)) {
            return current;
        }
        synchronized (refreshLock) {
            current = latest;
            if (isFresh(current)) {
                return current;
            }
            return refresh();
        }
    }

    /** Probes the cluster in the background so that its state and {@code wem_cluster_up} stay current without visitors. */
    @Scheduled(initialDelay = 0, fixedDelay = 15_000)
    void probe() {
        overview();
    }

    private boolean isFresh(ClusterOverview overview) {
        return overview != null && overview.checkedAt().plus(MAX_AGE).isAfter(Instant.now(clock));
    }

    private ClusterOverview refresh() {
        Instant now = Instant.now(clock);
        ClusterOverview overview;
        try (Connection connection = cluster.connection()) {
            overview = read(connection, now);
        } catch (SQLException | RuntimeException e) {
            cluster.forgetInfo();
            overview = ClusterOverview.unreachable(reason(e), now);
        }
        logTransition(latest, overview);
        latest = overview;
        return overview;
    }

    private ClusterOverview read(Connection connection, Instant now) throws SQLException {
        ClusterInfo info = cluster.info(connection);
        ClusterSql sql = ClusterSql.forCluster(info);

        Instant startedAt;
        int maxConnections;
        int databases;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT pg_postmaster_start_time() AS started_at,
                            current_setting('max_connections')::int AS max_connections,
                            (SELECT count(*) FROM pg_database WHERE NOT datistemplate) AS databases
                     """)) {
            rows.next();
            startedAt = rows.getTimestamp("started_at").toInstant();
            maxConnections = rows.getInt("max_connections");
            databases = rows.getInt("databases");
        }

        Map<String, Long> sessions = new LinkedHashMap<>();
        for (String state : STATES) {
            sessions.put(state, 0L);
        }
        long connections = 0;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql.sessionsByState())) {
            while (rows.next()) {
                String state = rows.getString("state");
                long count = rows.getLong("sessions");
                connections += count;
                sessions.merge(state == null ? "unknown" : state, count, Long::sum);
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql.sessionsWaiting())) {
            rows.next();
            sessions.put("waiting", rows.getLong("waiting"));
        }

        Integer segmentsUp = null;
        Integer segmentsTotal = null;
        if (sql.segmentCounts() != null) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(sql.segmentCounts())) {
                rows.next();
                segmentsUp = rows.getInt("up");
                segmentsTotal = rows.getInt("total");
            }
        }

        return new ClusterOverview(true, null, info.flavor().label(), info.majorVersion(), info.serverVersion(),
                startedAt, Duration.between(startedAt, now).toSeconds(), (int) connections, maxConnections,
                Collections.unmodifiableMap(sessions), databases, segmentsUp, segmentsTotal, info.emulated(), now);
    }

    private void logTransition(ClusterOverview before, ClusterOverview after) {
        boolean wasReachable = before != null && before.reachable();
        if (after.reachable() && !wasReachable) {
            log.info("Cluster at {}:{} is reachable: {} {}", cluster.config().host(), cluster.config().port(),
                    after.flavor(), after.serverVersion());
        } else if (!after.reachable() && (before == null || wasReachable)) {
            log.warn("Cluster at {}:{} is unreachable: {}", cluster.config().host(), cluster.config().port(), after.error());
        }
    }

    /**
     * Returns the driver's message, which names the problem (connection refused, timed out, authentication
     * failed), rather than the pool's generic "connection is not available".
     */
    static String reason(Throwable error) {
        Throwable chosen = null;
        Throwable innermost = error;
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException && !(cause instanceof SQLTransientConnectionException)) {
                chosen = cause;
            }
            innermost = cause;
        }
        Throwable source = chosen != null ? chosen : innermost;
        String message = source.getMessage();
        return message == null || message.isBlank() ? source.getClass().getSimpleName() : message;
    }
}
