package io.wem.canary;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** SQL for canary checks, their results, their alert state and the scheduler switch. */
@Repository
public class CanaryRepository {

    private static final String CHECK_COLUMNS = """
            id, name, check_type, database_name, sql_text, interval_seconds, timeout_seconds, warning_ms, critical_ms,
            warning_lag_bytes, critical_lag_bytes, warning_threshold, critical_threshold, expected_replicas,
            failures_before_alert, successes_before_resolve, enabled, system_check, created_at, updated_at
            """;
    private static final String RESULT_COLUMNS = "id, check_id, started_at, status, duration_ms, row_count, message";
    static final int MESSAGE_LENGTH = 2000;

    private final JdbcClient jdbc;

    CanaryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<CanaryCheck> findAll() {
        return jdbc.sql("SELECT " + CHECK_COLUMNS + " FROM canary_check ORDER BY system_check DESC, name")
                .query(CanaryRepository::mapCheck)
                .list();
    }

    public Optional<CanaryCheck> findById(long id) {
        return jdbc.sql("SELECT " + CHECK_COLUMNS + " FROM canary_check WHERE id = :id")
                .param("id", id)
                .query(CanaryRepository::mapCheck)
                .optional();
    }

    public Optional<CanaryCheck> findByName(String name) {
        return jdbc.sql("SELECT " + CHECK_COLUMNS + " FROM canary_check WHERE name = :name")
                .param("name", name)
                .query(CanaryRepository::mapCheck)
                .optional();
    }

    /** Finds a check whose name equals {@code name} ignoring case, so that names differ in more than case. */
    public Optional<CanaryCheck> findByNameIgnoringCase(String name) {
        return jdbc.sql("SELECT " + CHECK_COLUMNS + " FROM canary_check WHERE lower(name) = lower(:name)")
                .param("name", name)
                .query(CanaryRepository::mapCheck)
                .list().stream().findFirst();
    }

    long insert(CheckDefinition check, boolean system, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO canary_check (name, check_type, database_name, sql_text, interval_seconds, timeout_seconds,
                            warning_ms, critical_ms, warning_lag_bytes, critical_lag_bytes, warning_threshold, critical_threshold,
                            expected_replicas, failures_before_alert, successes_before_resolve, enabled, system_check,
                            created_at, updated_at)
                        VALUES (:name, :type, :database, :sql, :interval, :timeout, :warningMs, :criticalMs, :warningLag,
                            :criticalLag, :warningThreshold, :criticalThreshold, :expectedReplicas, :failures, :successes,
                            :enabled, :system, :now, :now)
                        """)
                .paramSource(params(check, now).addValue("system", system))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    void update(long id, CheckDefinition check, Instant now) {
        jdbc.sql("""
                        UPDATE canary_check SET name = :name, check_type = :type, database_name = :database, sql_text = :sql,
                            interval_seconds = :interval, timeout_seconds = :timeout, warning_ms = :warningMs,
                            critical_ms = :criticalMs, warning_lag_bytes = :warningLag, critical_lag_bytes = :criticalLag,
                            warning_threshold = :warningThreshold, critical_threshold = :criticalThreshold,
                            expected_replicas = :expectedReplicas, failures_before_alert = :failures,
                            successes_before_resolve = :successes, enabled = :enabled, updated_at = :now
                        WHERE id = :id
                        """)
                .paramSource(params(check, now).addValue("id", id))
                .update();
    }

    boolean delete(long id) {
        return jdbc.sql("DELETE FROM canary_check WHERE id = :id").param("id", id).update() == 1;
    }

    /** Inserts a result and returns it as stored, with its id and its message cut to the column's length. */
    CanaryResult insertResult(long checkId, Instant startedAt, CheckOutcome outcome) {
        String message = outcome.message() == null ? "" : outcome.message();
        String stored = message.length() > MESSAGE_LENGTH ? message.substring(0, MESSAGE_LENGTH - 1) + "…" : message;
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO canary_result (check_id, started_at, status, duration_ms, row_count, message)
                        VALUES (:checkId, :startedAt, :status, :durationMs, :rowCount, :message)
                        """)
                .param("checkId", checkId)
                .param("startedAt", Timestamp.from(startedAt))
                .param("status", outcome.status().name())
                .param("durationMs", outcome.durationMs())
                .param("rowCount", outcome.rowCount())
                .param("message", stored)
                .update(keys, "id");
        return new CanaryResult(keys.getKeyAs(Long.class), checkId, startedAt, outcome.status(), outcome.durationMs(),
                outcome.rowCount(), stored);
    }

    /** Returns the newest result of every check that has one, by check id. */
    public Map<Long, CanaryResult> latestResults() {
        Map<Long, CanaryResult> latest = new HashMap<>();
        jdbc.sql("""
                        SELECT last_result_id AS id, check_id, last_started_at AS started_at, last_status AS status,
                               last_duration_ms AS duration_ms, last_row_count AS row_count, last_message AS message
                        FROM canary_state
                        """)
                .query(CanaryRepository::mapResult)
                .list()
                .forEach(result -> latest.put(result.checkId(), result));
        return latest;
    }

    /**
     * Returns results newest first, optionally of one check, with one status, in [from, to), and older than the
     * result id {@code beforeId} (the keyset cursor).
     */
    public List<CanaryResult> results(Long checkId, CanaryStatus status, Instant from, Instant to, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + RESULT_COLUMNS + " FROM canary_result WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (checkId != null) {
            sql.append(" AND check_id = :checkId");
            params.put("checkId", checkId);
        }
        if (status != null) {
            sql.append(" AND status = :status");
            params.put("status", status.name());
        }
        if (from != null) {
            sql.append(" AND started_at >= :from");
            params.put("from", Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND started_at < :to");
            params.put("to", Timestamp.from(to));
        }
        if (beforeId != null) {
            sql.append(" AND id < :beforeId");
            params.put("beforeId", beforeId);
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(CanaryRepository::mapResult).list();
    }

    /** Deletes results that started before {@code cutoff}, at most {@code batch} rows, and returns how many went. */
    int purgeResults(Instant cutoff, int batch) {
        return jdbc.sql("""
                        DELETE FROM canary_result WHERE id IN (
                            SELECT id FROM canary_result WHERE started_at < :cutoff ORDER BY id LIMIT :batch)
                        """)
                .param("cutoff", Timestamp.from(cutoff))
                .param("batch", batch)
                .update();
    }

    /** Returns whether Admins want the scheduler running; true until someone stops it. */
    boolean schedulerRunning() {
        return jdbc.sql("SELECT running FROM canary_scheduler WHERE id = 1").query(Boolean.class).optional().orElse(true);
    }

    void setSchedulerRunning(boolean running, String actor, Instant now) {
        int updated = jdbc.sql("UPDATE canary_scheduler SET running = :running, updated_at = :now, updated_by = :actor WHERE id = 1")
                .param("running", running).param("now", Timestamp.from(now)).param("actor", actor)
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO canary_scheduler (id, running, updated_at, updated_by) VALUES (1, :running, :now, :actor)")
                    .param("running", running).param("now", Timestamp.from(now)).param("actor", actor)
                    .update();
        }
    }

    Optional<AlertState> alertState(long checkId) {
        return jdbc.sql("""
                        SELECT firing, severity, consecutive_bad, consecutive_good, fired_at, resolved_at
                        FROM canary_state WHERE check_id = :checkId
                        """)
                .param("checkId", checkId)
                .query((rows, rowNumber) -> new AlertState(
                        rows.getBoolean("firing"),
                        rows.getString("severity") == null ? null : CanaryStatus.valueOf(rows.getString("severity")),
                        rows.getInt("consecutive_bad"),
                        rows.getInt("consecutive_good"),
                        instant(rows.getTimestamp("fired_at")),
                        instant(rows.getTimestamp("resolved_at"))))
                .optional();
    }

    /** Returns the ids of the checks whose result alert is firing, in one query for the whole list. */
    java.util.Set<Long> firingCheckIds() {
        return new java.util.HashSet<>(jdbc.sql("SELECT check_id FROM canary_state WHERE firing").query(Long.class).list());
    }

    /** Stores the check's alert state with its latest result, in the caller's transaction. */
    void saveState(long checkId, AlertState state, CanaryResult latest) {
        Map<String, Object> params = new HashMap<>();
        params.put("checkId", checkId);
        params.put("firing", state.firing());
        params.put("severity", state.severity() == null ? null : state.severity().name());
        params.put("bad", state.consecutiveBad());
        params.put("good", state.consecutiveGood());
        params.put("firedAt", state.firedAt() == null ? null : Timestamp.from(state.firedAt()));
        params.put("resolvedAt", state.resolvedAt() == null ? null : Timestamp.from(state.resolvedAt()));

        params.put("resultId", latest.id());
        params.put("startedAt", Timestamp.from(latest.startedAt()));
        params.put("status", latest.status().name());
        params.put("durationMs", latest.durationMs());
        params.put("rowCount", latest.rowCount());
        params.put("message", latest.message());

        int updated = jdbc.sql("""
                        UPDATE canary_state SET firing = :firing, severity = :severity, consecutive_bad = :bad,
                            consecutive_good = :good, fired_at = :firedAt, resolved_at = :resolvedAt,
                            last_result_id = :resultId, last_started_at = :startedAt, last_status = :status,
                            last_duration_ms = :durationMs, last_row_count = :rowCount, last_message = :message
                        WHERE check_id = :checkId
                        """)
                .params(params)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO canary_state (check_id, firing, severity, consecutive_bad, consecutive_good, fired_at,
                                resolved_at, last_result_id, last_started_at, last_status, last_duration_ms, last_row_count,
                                last_message)
                            VALUES (:checkId, :firing, :severity, :bad, :good, :firedAt, :resolvedAt, :resultId, :startedAt,
                                :status, :durationMs, :rowCount, :message)
                            """)
                    .params(params)
                    .update();
        }
    }

    private static org.springframework.jdbc.core.namedparam.MapSqlParameterSource params(CheckDefinition check, Instant now) {
        return new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("name", check.name())
                .addValue("type", check.type().name())
                .addValue("database", check.database())
                .addValue("sql", check.sql())
                .addValue("interval", check.intervalSeconds())
                .addValue("timeout", check.timeoutSeconds())
                .addValue("warningMs", check.warningMs())
                .addValue("criticalMs", check.criticalMs())
                .addValue("warningLag", check.warningLagBytes())
                .addValue("criticalLag", check.criticalLagBytes())
                .addValue("warningThreshold", check.warningThreshold())
                .addValue("criticalThreshold", check.criticalThreshold())
                .addValue("expectedReplicas", check.expectedReplicas())
                .addValue("failures", check.failuresBeforeAlert())
                .addValue("successes", check.successesBeforeResolve())
                .addValue("enabled", check.enabled())
                .addValue("now", Timestamp.from(now));
    }

    private static CanaryCheck mapCheck(ResultSet rows, int rowNumber) throws SQLException {
        return new CanaryCheck(
                rows.getLong("id"),
                rows.getString("name"),
                CheckType.valueOf(rows.getString("check_type")),
                rows.getString("database_name"),
                rows.getString("sql_text"),
                rows.getInt("interval_seconds"),
                rows.getInt("timeout_seconds"),
                rows.getObject("warning_ms", Integer.class),
                rows.getObject("critical_ms", Integer.class),
                rows.getObject("warning_lag_bytes", Long.class),
                rows.getObject("critical_lag_bytes", Long.class),
                rows.getObject("warning_threshold", Long.class),
                rows.getObject("critical_threshold", Long.class),
                rows.getInt("expected_replicas"),
                rows.getInt("failures_before_alert"),
                rows.getInt("successes_before_resolve"),
                rows.getBoolean("enabled"),
                rows.getBoolean("system_check"),
                instant(rows.getTimestamp("created_at")),
                instant(rows.getTimestamp("updated_at")));
    }

    private static CanaryResult mapResult(ResultSet rows, int rowNumber) throws SQLException {
        return new CanaryResult(
                rows.getLong("id"),
                rows.getLong("check_id"),
                instant(rows.getTimestamp("started_at")),
                CanaryStatus.valueOf(rows.getString("status")),
                rows.getLong("duration_ms"),
                rows.getObject("row_count", Long.class),
                rows.getString("message"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
