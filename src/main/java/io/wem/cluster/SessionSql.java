package io.wem.cluster;

/**
 * The catalog SQL of the Query Monitor, which lists the client sessions on the coordinator and the locks of one
 * session. One implementation per lineage, chosen by {@link SessionSql#forCluster} from the detected flavor and
 * major version. Every statement returns its columns under fixed names, so the caller reads them by name whatever
 * the lineage.
 */
public interface SessionSql {

    /**
     * One row per client session on the coordinator, ordered by {@code query_start} (nulls last), then {@code pid}.
     * Columns: {@code pid} (integer), {@code session_id} (bigint: {@code sess_id} on WarehousePG and Greenplum,
     * {@code pid} on PostgreSQL), {@code usename}, {@code datname}, {@code application_name}, {@code client_addr}
     * (text, null for a Unix-domain socket), {@code state}, {@code wait} (text, null when the session is not waiting),
     * {@code waiting} (boolean, true while it waits for a lock), {@code resource_group} (text, null on PostgreSQL),
     * {@code backend_start}, {@code xact_start}, {@code query_start} (timestamptz), {@code query}, {@code blocked_by}
     * (integer[], the pids holding a lock that the session waits for, empty when none) and {@code own} (boolean, true
     * for the session that runs the statement and for sessions of the same user whose {@code application_name} is
     * "WEM", the name of WEM's cluster pools). The user check keeps another client from hiding by taking that name.
     */
    String sessions();

    /**
     * The locks that one session holds or waits for, on the coordinator. Parameter: the pid. Columns:
     * {@code locktype}, {@code relation} (text, the relation's name, or its OID when it belongs to another database;
     * null for a lock on something other than a relation), {@code mode} and {@code granted}.
     */
    String locks();

    /**
     * Whether a session still exists. Parameters: the pid and the backend start (timestamptz). One row with the
     * boolean column {@code present}, false when the pid now belongs to a session that started at another time,
     * because the server reuses pids.
     */
    String sessionExists();

    static SessionSql forCluster(ClusterInfo info) {
        if (!info.flavor().hasSegments()) {
            return new PostgresSql();
        }
        return info.majorVersion() >= 7 ? new Greenplum7Sql() : new Greenplum6Sql();
    }

    /**
     * Plain PostgreSQL 10 and later: {@code backend_type} separates client sessions from background workers, and a
     * session waiting for a lock has the wait event type {@code Lock}.
     */
    final class PostgresSql implements SessionSql {

        /**
         * Calls {@code pg_blocking_pids} only for sessions that wait for a lock, because each call briefly locks the
         * lock manager's shared state.
         */
        @Override
        public String sessions() {
            return """
                    SELECT pid, pid::bigint AS session_id, usename, datname, application_name,
                           host(client_addr) AS client_addr, state,
                           CASE WHEN wait_event IS NOT NULL THEN wait_event_type || ': ' || wait_event END AS wait,
                           coalesce(wait_event_type = 'Lock', false) AS waiting,
                           NULL::text AS resource_group,
                           backend_start, xact_start, query_start, query,
                           CASE WHEN wait_event_type = 'Lock' THEN pg_blocking_pids(pid)
                                ELSE '{}'::integer[] END AS blocked_by,
                           (pid = pg_backend_pid() OR coalesce(application_name = 'WEM' AND usename = current_user, false)) AS own
                    FROM pg_stat_activity
                    WHERE backend_type = 'client backend'
                    ORDER BY query_start NULLS LAST, pid
                    """;
        }

        @Override
        public String locks() {
            return """
                    SELECT locktype, relation::regclass::text AS relation, mode, granted
                    FROM pg_locks
                    WHERE pid = ?
                    ORDER BY granted, locktype, relation, mode
                    """;
        }

        @Override
        public String sessionExists() {
            return SESSION_EXISTS;
        }
    }

    /**
     * WarehousePG 6 and Greenplum 6 (PostgreSQL 9.4): {@code pg_stat_activity} lists client sessions only, with a
     * {@code waiting} flag and a {@code waiting_reason} (lock, replication or resgroup) instead of wait events.
     * PostgreSQL 9.4 has no {@code pg_blocking_pids}, so the blocking pids come from {@code pg_locks}.
     */
    final class Greenplum6Sql implements SessionSql {

        /**
         * Derives {@code blocked_by} from the coordinator's rows of {@code pg_locks}: a session is blocked by every
         * other pid that holds a lock on the same object in a mode that conflicts with the mode it waits for. The
         * modes conflict as in PostgreSQL's lock conflict table, which 9.4 shares with later releases. The CTE reads
         * {@code pg_locks} once, which matters because every read collects the locks of all segments. A prepared
         * transaction has no pid and shows as 0, as it does in {@code pg_blocking_pids}.
         *
         * <p>NOTE: a session queued behind another waiter whose request conflicts with its own (a soft block in
         * {@code pg_blocking_pids} terms) gets no blocking pid here, because {@code pg_locks} on 9.4 does not show
         * the order of the wait queue.
         */
        @Override
        public String sessions() {
            return """
                    WITH coordinator_locks AS (
                        SELECT locktype, database, relation, page, tuple, virtualxid, transactionid,
                               classid, objid, objsubid, pid, mode, granted
                        FROM pg_locks
                        WHERE gp_segment_id = -1
                    ),
                    conflicting_modes (requested, held) AS (
                        VALUES ('AccessShareLock', ARRAY['AccessExclusiveLock']),
                               ('RowShareLock', ARRAY['ExclusiveLock', 'AccessExclusiveLock']),
                               ('RowExclusiveLock', ARRAY['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock',
                                                          'AccessExclusiveLock']),
                               ('ShareUpdateExclusiveLock', ARRAY['ShareUpdateExclusiveLock', 'ShareLock',
                                                                  'ShareRowExclusiveLock', 'ExclusiveLock',
                                                                  'AccessExclusiveLock']),
                               ('ShareLock', ARRAY['RowExclusiveLock', 'ShareUpdateExclusiveLock',
                                                   'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock']),
                               ('ShareRowExclusiveLock', ARRAY['RowExclusiveLock', 'ShareUpdateExclusiveLock',
                                                               'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock',
                                                               'AccessExclusiveLock']),
                               ('ExclusiveLock', ARRAY['RowShareLock', 'RowExclusiveLock',
                                                       'ShareUpdateExclusiveLock', 'ShareLock',
                                                       'ShareRowExclusiveLock', 'ExclusiveLock',
                                                       'AccessExclusiveLock']),
                               ('AccessExclusiveLock', ARRAY['AccessShareLock', 'RowShareLock', 'RowExclusiveLock',
                                                             'ShareUpdateExclusiveLock', 'ShareLock',
                                                             'ShareRowExclusiveLock', 'ExclusiveLock',
                                                             'AccessExclusiveLock'])
                    ),
                    blockers AS (
                        SELECT waiter.pid, array_agg(DISTINCT coalesce(holder.pid, 0)) AS blocked_by
                        FROM coordinator_locks waiter
                        JOIN conflicting_modes ON conflicting_modes.requested = waiter.mode
                        JOIN coordinator_locks holder
                          ON holder.granted
                         AND holder.pid IS DISTINCT FROM waiter.pid
                         AND holder.mode = ANY (conflicting_modes.held)
                         AND holder.locktype IS NOT DISTINCT FROM waiter.locktype
                         AND holder.database IS NOT DISTINCT FROM waiter.database
                         AND holder.relation IS NOT DISTINCT FROM waiter.relation
                         AND holder.page IS NOT DISTINCT FROM waiter.page
                         AND holder.tuple IS NOT DISTINCT FROM waiter.tuple
                         AND holder.transactionid IS NOT DISTINCT FROM waiter.transactionid
                         AND holder.virtualxid IS NOT DISTINCT FROM waiter.virtualxid
                         AND holder.classid IS NOT DISTINCT FROM waiter.classid
                         AND holder.objid IS NOT DISTINCT FROM waiter.objid
                         AND holder.objsubid IS NOT DISTINCT FROM waiter.objsubid
                        WHERE NOT waiter.granted
                        GROUP BY waiter.pid
                    )
                    SELECT a.pid, a.sess_id::bigint AS session_id, a.usename, a.datname, a.application_name,
                           host(a.client_addr) AS client_addr, a.state,
                           CASE WHEN a.waiting THEN a.waiting_reason END AS wait,
                           coalesce(a.waiting AND a.waiting_reason = 'lock', false) AS waiting,
                           a.rsgname::text AS resource_group,
                           a.backend_start, a.xact_start, a.query_start, a.query,
                           coalesce(blockers.blocked_by, '{}'::integer[]) AS blocked_by,
                           (a.pid = pg_backend_pid() OR coalesce(a.application_name = 'WEM' AND a.usename = current_user, false)) AS own
                    FROM pg_stat_activity a
                    LEFT JOIN blockers ON blockers.pid = a.pid
                    ORDER BY a.query_start NULLS LAST, a.pid
                    """;
        }

        @Override
        public String locks() {
            return COORDINATOR_LOCKS;
        }

        @Override
        public String sessionExists() {
            return SESSION_EXISTS;
        }
    }

    /**
     * WarehousePG 7 and Greenplum 7 (PostgreSQL 12): wait events and {@code pg_blocking_pids} as in PostgreSQL,
     * plus the session id and resource group of the Greenplum lineage.
     */
    final class Greenplum7Sql implements SessionSql {

        /** Calls {@code pg_blocking_pids} only for sessions that wait for a lock, as on PostgreSQL. */
        @Override
        public String sessions() {
            return """
                    SELECT pid, sess_id::bigint AS session_id, usename, datname, application_name,
                           host(client_addr) AS client_addr, state,
                           CASE WHEN wait_event IS NOT NULL THEN wait_event_type || ': ' || wait_event END AS wait,
                           coalesce(wait_event_type = 'Lock', false) AS waiting,
                           rsgname::text AS resource_group,
                           backend_start, xact_start, query_start, query,
                           CASE WHEN wait_event_type = 'Lock' THEN pg_blocking_pids(pid)
                                ELSE '{}'::integer[] END AS blocked_by,
                           (pid = pg_backend_pid() OR coalesce(application_name = 'WEM' AND usename = current_user, false)) AS own
                    FROM pg_stat_activity
                    WHERE backend_type = 'client backend'
                    ORDER BY query_start NULLS LAST, pid
                    """;
        }

        @Override
        public String locks() {
            return COORDINATOR_LOCKS;
        }

        @Override
        public String sessionExists() {
            return SESSION_EXISTS;
        }
    }

    /**
     * Greenplum's {@code pg_locks} on the coordinator also returns the locks of every segment, under the segment's
     * content id in {@code gp_segment_id} and the pid of a process on that segment's host. Those pids can equal a
     * coordinator pid, so only the coordinator's rows ({@code gp_segment_id = -1}) are read.
     */
    String COORDINATOR_LOCKS = """
            SELECT locktype, relation::regclass::text AS relation, mode, granted
            FROM pg_locks
            WHERE pid = ? AND gp_segment_id = -1
            ORDER BY granted, locktype, relation, mode
            """;

    String SESSION_EXISTS = """
            SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = ? AND backend_start = ?) AS present
            """;
}
