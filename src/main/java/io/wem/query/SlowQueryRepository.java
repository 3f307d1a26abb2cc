package io.wem.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for stored slow statements and for the read positions in the cluster's log sources. */
@Repository
class SlowQueryRepository {

    private static final String COLUMNS =
            "id, logged_at, duration_ms, user_name, database_name, application_name, session_id, query_text";
    private static final int KEY_LOOKUP_BATCH = 500;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    SlowQueryRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(template);
    }

    Map<String, SlowQueryLog.Position> positions() {
        Map<String, SlowQueryLog.Position> positions = new HashMap<>();
        jdbc.sql("SELECT source, read_offset, read_until FROM slow_query_source")
                .query(rows -> {
                    Timestamp until = rows.getTimestamp("read_until");
                    positions.put(rows.getString("source"),
                            new SlowQueryLog.Position(rows.getLong("read_offset"), until == null ? null : until.toInstant()));
                });
        return positions;
    }

    /**
     * Moves a source from {@code expected} to {@code next}; returns false when the stored position is no longer
     * {@code expected}. A new source (expected null) is inserted, and a concurrent insert of the same source fails
     * on the primary key.
     */
    boolean movePosition(String source, SlowQueryLog.Position expected, SlowQueryLog.Position next, Instant now) {
        if (expected == null) {
            jdbc.sql("INSERT INTO slow_query_source (source, read_offset, read_until, updated_at) VALUES (:source, :offset, :until, :now)")
                    .param("source", source)
                    .param("offset", next.offset())
                    .param("until", timestamp(next.until()))
                    .param("now", Timestamp.from(now))
                    .update();
            return true;
        }
        String untilMatches = expected.until() == null ? "read_until IS NULL" : "read_until = :expectedUntil";
        return jdbc.sql("UPDATE slow_query_source SET read_offset = :offset, read_until = :until, updated_at = :now "
                        + "WHERE source = :source AND read_offset = :expectedOffset AND " + untilMatches)
                .param("source", source)
                .param("offset", next.offset())
                .param("until", timestamp(next.until()))
                .param("now", Timestamp.from(now))
                .param("expectedOffset", expected.offset())
                .param("expectedUntil", timestamp(expected.until()))
                .update() == 1;
    }

    void forget(String source) {
        jdbc.sql("DELETE FROM slow_query_source WHERE source = :source").param("source", source).update();
    }

    /** Inserts the statements whose entry key is not stored yet; returns how many were new. */
    int insertNew(List<SlowStatement> statements) {
        Map<String, SlowStatement> byKey = new LinkedHashMap<>();
        statements.forEach(statement -> byKey.putIfAbsent(statement.entryKey(), statement));
        Set<String> stored = new HashSet<>();
        List<String> keys = new ArrayList<>(byKey.keySet());
        for (int i = 0; i < keys.size(); i += KEY_LOOKUP_BATCH) {
            stored.addAll(jdbc.sql("SELECT entry_key FROM slow_query WHERE entry_key IN (:keys)")
                    .param("keys", keys.subList(i, Math.min(keys.size(), i + KEY_LOOKUP_BATCH)))
                    .query(String.class)
                    .list());
        }
        List<SqlParameterSource> rows = new ArrayList<>();
        for (SlowStatement statement : byKey.values()) {
            if (stored.contains(statement.entryKey())) {
                continue;
            }
            rows.add(new MapSqlParameterSource()
                    .addValue("key", statement.entryKey())
                    .addValue("loggedAt", Timestamp.from(statement.loggedAt()))
                    .addValue("durationMs", statement.durationMs())
                    .addValue("user", cut(statement.user(), 100))
                    .addValue("database", cut(statement.database(), 100))
                    .addValue("application", cut(statement.application(), 100))
                    .addValue("sessionId", cut(statement.sessionId(), 100))
                    .addValue("query", statement.query()));
        }
        if (!rows.isEmpty()) {
            named.batchUpdate("""
                    INSERT INTO slow_query (entry_key, logged_at, duration_ms, user_name, database_name, application_name,
                        session_id, query_text)
                    VALUES (:key, :loggedAt, :durationMs, :user, :database, :application, :sessionId, :query)
                    """, rows.toArray(SqlParameterSource[]::new));
        }
        return rows.size();
    }

    Optional<SlowQuery> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM slow_query WHERE id = :id")
                .param("id", id)
                .query(SlowQueryRepository::map)
                .optional();
    }

    /**
     * Returns one page in the filter's order, starting after its cursor. It reads one row more than the limit, so the
     * caller can tell whether another page follows.
     */
    List<SlowQuery> search(SlowQueryFilter filter) {
        Where where = where(filter);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM slow_query WHERE ").append(where.sql());
        SlowQueryFilter.Cursor cursor = filter.cursor();
        if (filter.sort() == SlowQueryFilter.Sort.DURATION) {
            if (cursor != null) {
                sql.append(" AND (duration_ms < :cursorValue OR (duration_ms = :cursorValue AND id < :cursorId))");
            }
            sql.append(" ORDER BY duration_ms DESC, id DESC");
        } else {
            if (cursor != null) {
                sql.append(" AND (logged_at < :cursorTime OR (logged_at = :cursorTime AND id < :cursorId))");
            }
            sql.append(" ORDER BY logged_at DESC, id DESC");
        }
        sql.append(" LIMIT :limit");
        if (cursor != null) {
            where.params().put("cursorValue", cursor.value());
            where.params().put("cursorTime", Timestamp.from(Instant.EPOCH.plus((long) cursor.value(), ChronoUnit.MICROS)));
            where.params().put("cursorId", cursor.id());
        }
        where.params().put("limit", filter.limit() + 1);
        return jdbc.sql(sql.toString()).params(where.params()).query(SlowQueryRepository::map).list();
    }

    /** Passes every matching statement, newest first, up to {@code max}, to {@code consumer} without holding them all in memory. */
    void each(SlowQueryFilter filter, int max, Consumer<SlowQuery> consumer) {
        Where where = where(filter);
        where.params().put("max", max);
        jdbc.sql("SELECT " + COLUMNS + " FROM slow_query WHERE " + where.sql() + " ORDER BY logged_at DESC, id DESC LIMIT :max")
                .params(where.params())
                .query(rows -> {
                    consumer.accept(map(rows, 0));
                });
    }

    /** Passes the time and duration of every matching statement to {@code consumer}, for the per-hour chart. */
    void timings(SlowQueryFilter filter, TimingConsumer consumer) {
        Where where = where(filter);
        jdbc.sql("SELECT logged_at, duration_ms FROM slow_query WHERE " + where.sql())
                .params(where.params())
                .query(rows -> {
                    consumer.accept(rows.getTimestamp("logged_at").toInstant(), rows.getDouble("duration_ms"));
                });
    }

    interface TimingConsumer {
        void accept(Instant loggedAt, double durationMs);
    }

    int purge(Instant cutoff, int batch) {
        return jdbc.sql("DELETE FROM slow_query WHERE id IN (SELECT id FROM slow_query WHERE logged_at < :cutoff ORDER BY id LIMIT :batch)")
                .param("cutoff", Timestamp.from(cutoff))
                .param("batch", batch)
                .update();
    }

    private record Where(String sql, Map<String, Object> params) {
    }

    /** Builds the conditions of a filter from fixed SQL fragments, with every value bound. */
    private static Where where(SlowQueryFilter filter) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        conditions.add("logged_at >= :from AND logged_at < :to");
        params.put("from", Timestamp.from(filter.from()));
        params.put("to", Timestamp.from(filter.to()));
        if (filter.user() != null) {
            conditions.add("user_name = :user");
            params.put("user", filter.user());
        }
        if (filter.database() != null) {
            conditions.add("database_name = :database");
            params.put("database", filter.database());
        }
        if (filter.minDurationMs() != null) {
            conditions.add("duration_ms >= :minDurationMs");
            params.put("minDurationMs", filter.minDurationMs());
        }
        if (!filter.includeOwn()) {
            conditions.add("(application_name IS NULL OR application_name <> :wemApplication)");
            params.put("wemApplication", SlowQueryFilter.WEM_APPLICATION);
        }
        if (filter.q() != null) {
            conditions.add("LOWER(query_text) LIKE :pattern ESCAPE '!'");
            params.put("pattern", "%" + likeEscape(filter.q().toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        return new Where(String.join(" AND ", conditions), params);
    }

    private static String likeEscape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static SlowQuery map(ResultSet rows, int rowNumber) throws SQLException {
        return new SlowQuery(rows.getLong("id"), rows.getTimestamp("logged_at").toInstant(), rows.getDouble("duration_ms"),
                rows.getString("user_name"), rows.getString("database_name"), rows.getString("application_name"),
                rows.getString("session_id"), rows.getString("query_text"));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
