package io.wem.cluster;

/**
 * The catalog SQL of the canary checks that differs between flavors and versions. One implementation per lineage,
 * chosen by {@link CanarySql#forCluster} from the detected flavor and major version. Every statement returns its
 * columns under fixed names, so the runners read them by name whatever the lineage.
 */
public interface CanarySql {

    /**
     * Every instance, the coordinator and its standby included: columns {@code dbid}, {@code content}, {@code role},
     * {@code preferred_role}, {@code mode}, {@code status}, {@code hostname} and {@code port}. Null on PostgreSQL,
     * which has no segments.
     */
    String segmentConfiguration();

    /**
     * One row per WAL sender to a mirror, standby coordinator or replica: columns {@code gp_segment_id} (null on
     * PostgreSQL), {@code application_name}, {@code client_addr} (text), {@code state}, {@code sync_error} (null on
     * PostgreSQL), {@code lag_bytes} (numeric, sent minus replayed position, null when either is unknown) and
     * {@code replay_lag_seconds} (numeric, null on release 6 and while nothing is being replayed).
     */
    String replication();

    /** Client sessions in state {@code active}, not counting the session that runs it: one column {@code active_sessions}. */
    String activeSessions();

    static CanarySql forCluster(ClusterInfo info) {
        if (!info.flavor().hasSegments()) {
            return new PostgresSql();
        }
        return info.majorVersion() >= 7 ? new Greenplum7Sql() : new Greenplum6Sql();
    }

    /** Plain PostgreSQL 10 and later, where replicas appear in {@code pg_stat_replication}. */
    final class PostgresSql implements CanarySql {

        @Override
        public String segmentConfiguration() {
            return null;
        }

        /** Leaves out {@code pg_basebackup} sessions (state {@code backup}), which are WAL senders but not replicas. */
        @Override
        public String replication() {
            return """
                    SELECT NULL::integer AS gp_segment_id, application_name, host(client_addr) AS client_addr,
                           state, NULL::text AS sync_error,
                           pg_wal_lsn_diff(sent_lsn, replay_lsn) AS lag_bytes,
                           extract(epoch FROM replay_lag) AS replay_lag_seconds
                    FROM pg_stat_replication
                    WHERE state IS DISTINCT FROM 'backup'
                    ORDER BY application_name, client_addr
                    """;
        }

        @Override
        public String activeSessions() {
            return ACTIVE_CLIENT_BACKENDS;
        }
    }

    /**
     * WarehousePG 6 and Greenplum 6 (PostgreSQL 9.4): positions are {@code *_location} columns compared with
     * {@code pg_xlog_location_diff}, there are no {@code *_lag} columns, and {@code pg_stat_activity} lists client
     * sessions only, without {@code backend_type}.
     */
    final class Greenplum6Sql implements CanarySql {

        @Override
        public String segmentConfiguration() {
            return SEGMENT_CONFIGURATION;
        }

        @Override
        public String replication() {
            return """
                    SELECT gp_segment_id, application_name, host(client_addr) AS client_addr, state, sync_error,
                           pg_xlog_location_diff(sent_location, replay_location) AS lag_bytes,
                           NULL::numeric AS replay_lag_seconds
                    FROM gp_stat_replication
                    ORDER BY gp_segment_id, application_name
                    """;
        }

        @Override
        public String activeSessions() {
            return """
                    SELECT count(*) AS active_sessions
                    FROM pg_stat_activity
                    WHERE state = 'active' AND pid <> pg_backend_pid()
                    """;
        }
    }

    /** WarehousePG 7 and Greenplum 7 (PostgreSQL 12): {@code *_lsn} positions and {@code *_lag} intervals. */
    final class Greenplum7Sql implements CanarySql {

        @Override
        public String segmentConfiguration() {
            return SEGMENT_CONFIGURATION;
        }

        @Override
        public String replication() {
            return """
                    SELECT gp_segment_id, application_name, host(client_addr) AS client_addr, state, sync_error,
                           pg_wal_lsn_diff(sent_lsn, replay_lsn) AS lag_bytes,
                           extract(epoch FROM replay_lag) AS replay_lag_seconds
                    FROM gp_stat_replication
                    ORDER BY gp_segment_id, application_name
                    """;
        }

        @Override
        public String activeSessions() {
            return ACTIVE_CLIENT_BACKENDS;
        }
    }

    String SEGMENT_CONFIGURATION = """
            SELECT dbid, content, role, preferred_role, mode, status, hostname, port
            FROM gp_segment_configuration
            ORDER BY content, dbid
            """;

    /** PostgreSQL 10 and later list background workers too, some of them active, so only client backends count. */
    String ACTIVE_CLIENT_BACKENDS = """
            SELECT count(*) AS active_sessions
            FROM pg_stat_activity
            WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()
            """;
}
