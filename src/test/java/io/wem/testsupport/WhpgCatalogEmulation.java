package io.wem.testsupport;

import javax.sql.DataSource;

/**
 * An emulation of the WarehousePG catalog on a plain PostgreSQL, for tests only: no WarehousePG server can run
 * here. It creates the schemas {@code whpg7_emulation} and {@code whpg6_emulation}, each with the tables
 * {@code gp_segment_configuration} and {@code gp_stat_replication} in the column shapes of releases 7 and 6. The
 * replication rows are a table, not a view, so that a test can give one mirror its own state, lag or sync error.
 * Each schema has a {@code pg_stat_activity} view in its release's shape: {@code sess_id} (the pid here) and the
 * resource group {@code default_group} on both, {@code waiting} and {@code waiting_reason} without wait events and
 * background workers on 6. Each also has a {@code pg_locks} view with Greenplum's extra columns, in which every lock
 * appears once for the coordinator ({@code gp_segment_id} -1) and once per segment, as Greenplum's {@code pg_locks}
 * on the coordinator collects the locks of every segment. The 6 schema also has
 * {@code pg_xlog_location_diff}, the PostgreSQL 9.4 name of {@code pg_wal_lsn_diff}, and a {@code pg_blocking_pids}
 * that raises the error of 9.4, which lacks that function. A schema {@code gp_toolkit} contains {@code gp_log_system} as
 * a table with the view's columns, so that a test can write the log entries of the coordinator ({@code logsegment}
 * 'seg-1') and of segments. The login roles {@code whpg7} and {@code whpg6} have their schema first on the {@code search_path}, ahead of pg_catalog, so
 * WEM's unqualified catalog SQL reads the emulation when it connects as them with the flavor forced.
 */
public final class WhpgCatalogEmulation {

    public static final String PASSWORD = "emulation";

    /** The resource group that the emulated {@code pg_stat_activity} reports for every client session. */
    public static final String DEFAULT_GROUP = "default_group";
    private static final int DEFAULT_GROUP_ID = 6437;

    private WhpgCatalogEmulation() {
    }

    /**
     * Creates or resets both emulations: two segments, each a primary and a mirror in sync, all up, and one
     * {@code gp_stat_replication} row per mirror, streaming with no lag.
     */
    public static void install(DataSource postgres) {
        for (int major : new int[] {6, 7}) {
            String schema = schema(major);
            TestPostgres.execute(postgres, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            TestPostgres.execute(postgres, "CREATE SCHEMA " + schema);
            TestPostgres.execute(postgres, """
                    CREATE TABLE %s.gp_segment_configuration (
                        dbid smallint PRIMARY KEY, content smallint NOT NULL, role "char" NOT NULL,
                        preferred_role "char" NOT NULL, mode "char" NOT NULL, status "char" NOT NULL,
                        port integer NOT NULL, hostname text NOT NULL, address text NOT NULL, datadir text NOT NULL)
                    """.formatted(schema));
            TestPostgres.execute(postgres, """
                    INSERT INTO %s.gp_segment_configuration VALUES
                        (1, -1, 'p', 'p', 'n', 'u', 5432, 'cdw', 'cdw', '/data/coordinator/gpseg-1'),
                        (2,  0, 'p', 'p', 's', 'u', 6000, 'sdw1', 'sdw1', '/data/primary/gpseg0'),
                        (3,  1, 'p', 'p', 's', 'u', 6000, 'sdw2', 'sdw2', '/data/primary/gpseg1'),
                        (4,  0, 'm', 'm', 's', 'u', 7000, 'sdw2', 'sdw2', '/data/mirror/gpseg0'),
                        (5,  1, 'm', 'm', 's', 'u', 7000, 'sdw1', 'sdw1', '/data/mirror/gpseg1')
                    """.formatted(schema));
            TestPostgres.execute(postgres, "DROP ROLE IF EXISTS whpg" + major);
            TestPostgres.execute(postgres, "CREATE ROLE whpg" + major + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
            TestPostgres.execute(postgres, "ALTER ROLE whpg" + major + " SET search_path = " + schema + ", pg_catalog, public");
        }
        TestPostgres.execute(postgres, """
                CREATE TABLE whpg7_emulation.gp_stat_replication AS
                SELECT content AS gp_segment_id, NULL::integer AS pid, NULL::oid AS usesysid, 'gpadmin'::name AS usename,
                       'gp_walreceiver'::text AS application_name, NULL::inet AS client_addr, NULL::text AS client_hostname,
                       NULL::integer AS client_port, NULL::timestamptz AS backend_start, NULL::xid AS backend_xmin,
                       'streaming'::text AS state, '0/0'::pg_lsn AS sent_lsn, '0/0'::pg_lsn AS write_lsn,
                       '0/0'::pg_lsn AS flush_lsn, '0/0'::pg_lsn AS replay_lsn, NULL::interval AS write_lag,
                       NULL::interval AS flush_lag, NULL::interval AS replay_lag, 1 AS sync_priority,
                       'sync'::text AS sync_state, NULL::timestamptz AS reply_time, 'none'::text AS sync_error
                FROM whpg7_emulation.gp_segment_configuration WHERE role = 'm'
                """);
        TestPostgres.execute(postgres, """
                CREATE TABLE whpg6_emulation.gp_stat_replication AS
                SELECT content AS gp_segment_id, NULL::integer AS pid, NULL::oid AS usesysid, 'gpadmin'::name AS usename,
                       'gp_walreceiver'::text AS application_name, NULL::inet AS client_addr, NULL::text AS client_hostname,
                       NULL::integer AS client_port, NULL::timestamptz AS backend_start, NULL::xid AS backend_xmin,
                       'streaming'::text AS state, '0/0'::pg_lsn AS sent_location, '0/0'::pg_lsn AS write_location,
                       '0/0'::pg_lsn AS flush_location, '0/0'::pg_lsn AS replay_location, 1 AS sync_priority,
                       'sync'::text AS sync_state, 'none'::text AS sync_error
                FROM whpg6_emulation.gp_segment_configuration WHERE role = 'm'
                """);
        TestPostgres.execute(postgres, """
                CREATE FUNCTION whpg6_emulation.pg_xlog_location_diff(pg_lsn, pg_lsn) RETURNS numeric
                LANGUAGE sql IMMUTABLE AS 'SELECT pg_catalog.pg_wal_lsn_diff($1, $2)'
                """);
        TestPostgres.execute(postgres, """
                CREATE VIEW whpg6_emulation.pg_stat_activity AS
                SELECT a.datid, a.datname, a.pid, a.pid AS sess_id, a.usesysid, a.usename, a.application_name,
                       a.client_addr, a.client_hostname, a.client_port, a.backend_start, a.xact_start, a.query_start,
                       a.state_change, coalesce(a.wait_event_type = 'Lock', false) AS waiting,
                       CASE WHEN a.wait_event_type = 'Lock' THEN 'lock' END AS waiting_reason,
                       a.state, a.backend_xid, a.backend_xmin, a.query, %d::oid AS rsgid, '%s'::text AS rsgname,
                       NULL::interval AS rsgqueueduration
                FROM pg_catalog.pg_stat_activity a
                WHERE a.backend_type = 'client backend'
                """.formatted(DEFAULT_GROUP_ID, DEFAULT_GROUP));
        TestPostgres.execute(postgres, """
                CREATE FUNCTION whpg6_emulation.pg_blocking_pids(integer) RETURNS integer[]
                LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'function pg_blocking_pids(integer) does not exist' USING ERRCODE = 'undefined_function';
                END
                $$
                """);
        TestPostgres.execute(postgres, """
                CREATE VIEW whpg7_emulation.pg_stat_activity AS
                SELECT a.datid, a.datname, a.pid, a.pid AS sess_id, a.leader_pid, a.usesysid, a.usename,
                       a.application_name, a.client_addr, a.client_hostname, a.client_port, a.backend_start,
                       a.xact_start, a.query_start, a.state_change, a.wait_event_type, a.wait_event, a.state,
                       a.backend_xid, a.backend_xmin, a.query, a.backend_type,
                       CASE WHEN a.backend_type = 'client backend' THEN %d::oid END AS rsgid,
                       CASE WHEN a.backend_type = 'client backend' THEN '%s'::text END AS rsgname
                FROM pg_catalog.pg_stat_activity a
                """.formatted(DEFAULT_GROUP_ID, DEFAULT_GROUP));
        for (int major : new int[] {6, 7}) {
            // A session's processes on the segments have pids of their own. Segment 0 reuses the coordinator's pid
            // number, as a process on another host can, and segment 1 adds 1000000 to it, so SQL that mixes the
            // segments' rows into the coordinator's returns duplicate locks or pids that no session has.
            TestPostgres.execute(postgres, """
                    CREATE VIEW %s.pg_locks AS
                    SELECT l.locktype, l.database, l.relation, l.page, l.tuple, l.virtualxid, l.transactionid,
                           l.classid, l.objid, l.objsubid, l.virtualtransaction,
                           CASE WHEN instance.content = 1 THEN l.pid + 1000000 ELSE l.pid END AS pid,
                           l.mode, l.granted, l.fastpath, l.pid AS mppsessionid, true AS mppiswriter,
                           instance.content AS gp_segment_id
                    FROM pg_catalog.pg_locks l
                    CROSS JOIN (SELECT DISTINCT content FROM %s.gp_segment_configuration) instance
                    """.formatted(schema(major), schema(major)));
        }
    }

    /**
     * Creates or empties {@code gp_toolkit.gp_log_system}, Greenplum's view over the csv logs of every instance, with
     * its columns in their order.
     */
    public static void installLogView(DataSource postgres) {
        TestPostgres.execute(postgres, "CREATE SCHEMA IF NOT EXISTS gp_toolkit");
        TestPostgres.execute(postgres, "DROP TABLE IF EXISTS gp_toolkit.gp_log_system");
        TestPostgres.execute(postgres, """
                CREATE TABLE gp_toolkit.gp_log_system (
                    logtime timestamptz, loguser text, logdatabase text, logpid text, logthread text, loghost text,
                    logport text, logsessiontime timestamptz, logtransaction integer, logsession text, logcmdcount text,
                    logsegment text, logslice text, logdistxact text, loglocalxact text, logsubxact text,
                    logseverity text, logstate text, logmessage text, logdetail text, loghint text, logquery text,
                    logquerypos integer, logcontext text, logdebug text, logcursorpos integer, logfunction text,
                    logfile text, logline integer, logstack text)
                """);
    }

    public static String schema(int major) {
        return "whpg" + major + "_emulation";
    }
}
