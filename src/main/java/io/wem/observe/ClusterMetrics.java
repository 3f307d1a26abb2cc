package io.wem.observe;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.wem.cluster.CanarySql;
import io.wem.cluster.ClusterConnection;
import io.wem.cluster.ClusterInfo;
import io.wem.cluster.MetricsSql;
import io.wem.query.ClusterSession;
import io.wem.query.SessionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Exports the cluster's state at {@code /prom/metrics}, read when Prometheus scrapes: sessions by state, waiting and
 * blocked sessions, the longest running query, connections against {@code max_connections}, database sizes,
 * segments by role and status, and replication lag. Each group keeps its reading for {@link #CACHE_TIME}, so
 * scrapes by several Prometheus servers cost at most one cluster query per group per 10 s. A group that cannot be
 * read is left out of the scrape, with one warning in the log until it can be read again.
 */
@Component
class ClusterMetrics implements MultiCollector {

    static final Duration CACHE_TIME = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ClusterMetrics.class);

    private final ClusterConnection cluster;
    private final SessionService sessions;
    private final Clock clock;
    private final Cached<List<MetricSnapshot>> sessionGroup;
    private final Cached<List<MetricSnapshot>> capacityGroup;
    private final Cached<List<MetricSnapshot>> segmentGroup;

    ClusterMetrics(ClusterConnection cluster, SessionService sessions, Clock clock, PrometheusMeterRegistry registry) {
        this.cluster = cluster;
        this.sessions = sessions;
        this.clock = clock;
        this.sessionGroup = new Cached<>("sessions", this::readSessions);
        this.capacityGroup = new Cached<>("capacity", this::readCapacity);
        this.segmentGroup = new Cached<>("segments and replication", this::readSegments);
        registry.getPrometheusRegistry().register(this);
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        snapshots.addAll(sessionGroup.get());
        snapshots.addAll(capacityGroup.get());
        snapshots.addAll(segmentGroup.get());
        return new MetricSnapshots(snapshots);
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("wem_sessions", "wem_sessions_waiting", "wem_sessions_blocked", "wem_longest_query_seconds",
                "wem_connections", "wem_connections_max", "wem_database_size_bytes", "wem_segments",
                "wem_replication_lag_bytes");
    }

    private List<MetricSnapshot> readSessions() {
        SessionService.Listing listing = sessions.list(SessionService.Filter.none());
        SessionService.Summary summary = listing.summary();
        double longest = listing.sessions().stream()
                .filter(session -> "active".equals(session.state()) && session.durationSeconds() != null)
                .mapToDouble(ClusterSession::durationSeconds)
                .max().orElse(0);
        GaugeSnapshot byState = gauge("wem_sessions", "Client sessions on the coordinator by state, without WEM's own",
                List.of(point(summary.active(), "state", "active"),
                        point(summary.idle(), "state", "idle"),
                        point(summary.idleInTransaction(), "state", "idle in transaction"),
                        point(summary.idleInTransactionAborted(), "state", "idle in transaction (aborted)")));
        return List.of(byState,
                gauge("wem_sessions_waiting", "Client sessions waiting for a lock", List.of(point(summary.waiting()))),
                gauge("wem_sessions_blocked", "Client sessions waiting for a lock held by another session, each counted once",
                        List.of(point(summary.blocked()))),
                gauge("wem_longest_query_seconds", "Run time of the longest active query in seconds, 0 when none runs",
                        List.of(point(longest))));
    }

    private List<MetricSnapshot> readCapacity() {
        try (Connection connection = cluster.connection(); Statement statement = connection.createStatement()) {
            List<GaugeSnapshot.GaugeDataPointSnapshot> sizes = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(MetricsSql.DATABASE_SIZES)) {
                while (rows.next()) {
                    sizes.add(point(rows.getLong("size_bytes"), "database", rows.getString("datname")));
                }
            }
            int maxConnections;
            try (ResultSet row = statement.executeQuery(MetricsSql.MAX_CONNECTIONS)) {
                row.next();
                maxConnections = row.getInt("max_connections");
            }
            long connections;
            try (ResultSet row = statement.executeQuery("SELECT count(*) FROM pg_stat_activity")) {
                row.next();
                connections = row.getLong(1);
            }
            return List.of(
                    gauge("wem_connections", "Server processes on the coordinator, client sessions and background workers",
                            List.of(point(connections))),
                    gauge("wem_connections_max", "The coordinator's max_connections", List.of(point(maxConnections))),
                    gauge("wem_database_size_bytes", "Size of each database in bytes, on all segments together", sizes));
        } catch (SQLException e) {
            throw new ClusterReadException(e);
        }
    }

    private List<MetricSnapshot> readSegments() {
        try (Connection connection = cluster.connection(); Statement statement = connection.createStatement()) {
            ClusterInfo info = cluster.info(connection);
            CanarySql sql = CanarySql.forCluster(info);
            List<MetricSnapshot> snapshots = new ArrayList<>();
            if (sql.segmentConfiguration() != null) {
                Map<String, Integer> counts = new TreeMap<>();
                for (String role : List.of("primary", "mirror")) {
                    for (String status : List.of("up", "down")) {
                        counts.put(role + "/" + status, 0);
                    }
                }
                try (ResultSet rows = statement.executeQuery(sql.segmentConfiguration())) {
                    while (rows.next()) {
                        if (rows.getInt("content") < 0) {
                            continue;
                        }
                        String role = "p".equals(rows.getString("role")) ? "primary" : "mirror";
                        String status = "u".equals(rows.getString("status")) ? "up" : "down";
                        counts.merge(role + "/" + status, 1, Integer::sum);
                    }
                }
                List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>();
                counts.forEach((key, count) -> {
                    String[] parts = key.split("/");
                    points.add(point(count, "role", parts[0], "status", parts[1]));
                });
                snapshots.add(gauge("wem_segments", "Segment instances (content 0 and above) by current role and status", points));
            }
            List<GaugeSnapshot.GaugeDataPointSnapshot> lags = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(sql.replication())) {
                while (rows.next()) {
                    double lag = rows.getDouble("lag_bytes");
                    if (rows.wasNull()) {
                        continue;
                    }
                    Object segment = rows.getObject("gp_segment_id");
                    String content = segment == null ? "-1" : segment.toString();
                    String application = rows.getString("application_name");
                    lags.add(point(lag, "content", content, "application_name", application == null ? "" : application));
                }
            }
            snapshots.add(gauge("wem_replication_lag_bytes",
                    "WAL bytes sent to a mirror, standby or replica but not replayed yet; content -1 is the coordinator", lags));
            return snapshots;
        } catch (SQLException e) {
            cluster.forgetInfo();
            throw new ClusterReadException(e);
        }
    }

    private static GaugeSnapshot gauge(String name, String help, List<GaugeSnapshot.GaugeDataPointSnapshot> points) {
        GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
        points.forEach(builder::dataPoint);
        return builder.build();
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(double value, String... labels) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    /** A failed read of one metric group. */
    private static final class ClusterReadException extends RuntimeException {

        ClusterReadException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** One metric group's latest reading, read again when older than {@link #CACHE_TIME}; empty while reads fail. */
    private final class Cached<T extends List<?>> {

        private final String group;
        private final Supplier<T> reader;
        private T value;
        private Instant readAt;
        private boolean failing;

        Cached(String group, Supplier<T> reader) {
            this.group = group;
            this.reader = reader;
        }

        @SuppressWarnings("unchecked")
        synchronized T get() {
            Instant now = clock.instant();
            if (readAt != null && Duration.between(readAt, now).compareTo(CACHE_TIME) < 0) {
                return value;
            }
            readAt = now;
            try {
                value = reader.get();
                if (failing) {
                    log.info("Reading the {} metrics from the cluster works again", group);
                }
                failing = false;
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn("Reading the {} metrics from the cluster failed; they are left out of /prom/metrics: {}",
                            group, e.getMessage());
                }
                failing = true;
                value = (T) List.of();
            }
            return value;
        }
    }
}
