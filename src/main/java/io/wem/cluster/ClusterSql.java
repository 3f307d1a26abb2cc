package io.wem.cluster;

/**
 * The catalog SQL that differs between flavors and versions. One implementation per lineage, chosen by
 * {@link ClusterSql#forCluster} from the detected flavor and major version.
 */
public interface ClusterSql {

    /**
     * Sessions by state of client backends: columns {@code state} (text, null for a backend with no state) and
     * {@code sessions} (bigint). WEM's own sessions are included, since they hold connections too.
     */
    String sessionsByState();

    /** Number of client sessions waiting on a lock: one column {@code waiting} (bigint). */
    String sessionsWaiting();

    /** Segment instances (content 0 and above) up and in total: columns {@code up} and {@code total}; null when there are none. */
    String segmentCounts();

    static ClusterSql forCluster(ClusterInfo info) {
        if (!info.flavor().hasSegments()) {
            return new PostgresSql();
        }
        return info.majorVersion() >= 7 ? new Greenplum7Sql() : new Greenplum6Sql();
    }

    /** Plain PostgreSQL 10 and later: {@code backend_type} separates client sessions from background workers. */
    final class PostgresSql implements ClusterSql {

        @Override
        public String sessionsByState() {
            return """
                    SELECT state, count(*) AS sessions
                    FROM pg_stat_activity
                    WHERE backend_type = 'client backend'
                    GROUP BY state
                    """;
        }

        @Override
        public String sessionsWaiting() {
            return """
                    SELECT count(*) AS waiting
                    FROM pg_stat_activity
                    WHERE backend_type = 'client backend' AND wait_event_type = 'Lock'
                    """;
        }

        @Override
        public String segmentCounts() {
            return null;
        }
    }

    /**
     * WarehousePG 6 and Greenplum 6 (PostgreSQL 9.4), where {@code pg_stat_activity} lists client sessions only
     * and has a {@code waiting} flag with a {@code waiting_reason} instead of wait events.
     */
    final class Greenplum6Sql implements ClusterSql {

        @Override
        public String sessionsByState() {
            return """
                    SELECT state, count(*) AS sessions
                    FROM pg_stat_activity
                    GROUP BY state
                    """;
        }

        @Override
        public String sessionsWaiting() {
            return """
                    SELECT count(*) AS waiting
                    FROM pg_stat_activity
                    WHERE waiting AND waiting_reason = 'lock'
                    """;
        }

        @Override
        public String segmentCounts() {
            return SEGMENT_COUNTS;
        }
    }

    /** WarehousePG 7 and Greenplum 7 (PostgreSQL 12): wait events as in PostgreSQL, plus the segment catalog. */
    final class Greenplum7Sql implements ClusterSql {

        private final PostgresSql postgres = new PostgresSql();

        @Override
        public String sessionsByState() {
            return postgres.sessionsByState();
        }

        @Override
        public String sessionsWaiting() {
            return postgres.sessionsWaiting();
        }

        @Override
        public String segmentCounts() {
            return SEGMENT_COUNTS;
        }
    }

    String SEGMENT_COUNTS = """
            SELECT count(*) FILTER (WHERE status = 'u') AS up, count(*) AS total
            FROM gp_segment_configuration
            WHERE content >= 0
            """;
}
