package io.wem.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code audit_event} and the head of its chain in {@code audit_chain}. */
@Repository
class AuditRepository {

    static final String COLUMNS = """
            id, seq, occurred_at, event_type, actor_id, actor_username, target_kind, target_id, target_name,
            source_ip, user_agent, outcome, reason, details, hash""";
    private static final int STREAM_FETCH_SIZE = 1000;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    AuditRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(template);
    }

    ChainState lockChain() {
        return jdbc.sql("SELECT * FROM audit_chain WHERE id = 1 FOR UPDATE").query(AuditRepository::mapChain).single();
    }

    ChainState chain() {
        return jdbc.sql("SELECT * FROM audit_chain WHERE id = 1").query(AuditRepository::mapChain).single();
    }

    void insert(AuditEvent event) {
        jdbc.sql("""
                INSERT INTO audit_event (seq, occurred_at, event_type, actor_id, actor_username, target_kind, target_id,
                                         target_name, source_ip, user_agent, outcome, reason, details, hash)
                VALUES (:seq, :occurredAt, :type, :actorId, :actorUsername, :targetKind, :targetId,
                        :targetName, :sourceIp, :userAgent, :outcome, :reason, :details, :hash)
                """)
                .param("seq", event.seq())
                .param("occurredAt", Timestamp.from(event.occurredAt()))
                .param("type", event.type().name())
                .param("actorId", event.actorId())
                .param("actorUsername", event.actorUsername())
                .param("targetKind", event.targetKind())
                .param("targetId", event.targetId())
                .param("targetName", event.targetName())
                .param("sourceIp", event.sourceIp())
                .param("userAgent", event.userAgent())
                .param("outcome", event.outcome().name())
                .param("reason", event.reason())
                .param("details", event.details())
                .param("hash", event.hash())
                .update();
        jdbc.sql("UPDATE audit_chain SET last_seq = :seq, last_hash = :hash WHERE id = 1")
                .param("seq", event.seq())
                .param("hash", event.hash())
                .update();
    }

    /** Returns up to {@code limit} events matching the query, newest first, older than {@code beforeSeq} when given. */
    List<AuditEvent> search(AuditQuery query, Long beforeSeq, Long afterSeq, int limit) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_event WHERE 1 = 1");
        where(query, params, sql);
        if (beforeSeq != null) {
            sql.append(" AND seq < :beforeSeq");
            params.put("beforeSeq", beforeSeq);
        }
        if (afterSeq != null) {
            // Newer page: the nearest events above the cursor, read upwards and then turned newest first.
            sql.append(" AND seq > :afterSeq ORDER BY seq ASC LIMIT :limit");
            params.put("afterSeq", afterSeq);
            params.put("limit", limit);
            List<AuditEvent> ascending = new ArrayList<>(named.query(sql.toString(), params, AuditRepository::event));
            Collections.reverse(ascending);
            return ascending;
        }
        sql.append(" ORDER BY seq DESC LIMIT :limit");
        params.put("limit", limit);
        return named.query(sql.toString(), params, AuditRepository::event);
    }

    /** Streams every event matching the query, newest first, without holding them all in memory. */
    void stream(AuditQuery query, Consumer<AuditEvent> sink) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_event WHERE 1 = 1");
        where(query, params, sql);
        sql.append(" ORDER BY seq DESC");
        streamSql(sql.toString(), params, sink);
    }

    /** Streams the chain after its anchor in order, for verification. */
    void streamChain(long afterSeq, Consumer<AuditEvent> sink) {
        streamSql("SELECT " + COLUMNS + " FROM audit_event WHERE seq > :afterSeq ORDER BY seq ASC",
                Map.of("afterSeq", afterSeq), sink);
    }

    private void streamSql(String sql, Map<String, Object> params, Consumer<AuditEvent> sink) {
        JdbcTemplate template = new JdbcTemplate(named.getJdbcTemplate().getDataSource());
        // PostgreSQL streams with a cursor only inside a transaction with a fetch size; the caller opens it.
        template.setFetchSize(STREAM_FETCH_SIZE);
        new NamedParameterJdbcTemplate(template).query(sql, params, rows -> {
            sink.accept(event(rows, 0));
        });
    }

    /** Returns the seq and hash of the oldest events, up to {@code limit}, that come after the anchor. */
    List<Object[]> oldest(long afterSeq, int limit) {
        return jdbc.sql("SELECT seq, hash, occurred_at FROM audit_event WHERE seq > :afterSeq ORDER BY seq ASC LIMIT :limit")
                .param("afterSeq", afterSeq)
                .param("limit", limit)
                .query((rows, n) -> new Object[] {rows.getLong(1), rows.getString(2), rows.getTimestamp(3).toInstant()})
                .list();
    }

    int deleteThrough(long afterSeq, long throughSeq) {
        return jdbc.sql("DELETE FROM audit_event WHERE seq > :afterSeq AND seq <= :throughSeq")
                .param("afterSeq", afterSeq)
                .param("throughSeq", throughSeq)
                .update();
    }

    void moveAnchor(long seq, String hash) {
        jdbc.sql("UPDATE audit_chain SET anchor_seq = :seq, anchor_hash = :hash WHERE id = 1")
                .param("seq", seq).param("hash", hash).update();
    }

    void recordPurge(Instant at, long count, String outcome) {
        jdbc.sql("UPDATE audit_chain SET last_purge_at = :at, last_purge_count = :count, last_purge_outcome = :outcome WHERE id = 1")
                .param("at", Timestamp.from(at)).param("count", count).param("outcome", outcome).update();
    }

    private static void where(AuditQuery query, Map<String, Object> params, StringBuilder sql) {
        if (!query.types().isEmpty()) {
            sql.append(" AND event_type IN (:types)");
            params.put("types", query.types().stream().map(Enum::name).toList());
        }
        if (query.actor() != null && !query.actor().isBlank()) {
            sql.append(" AND LOWER(actor_username) LIKE :actor");
            params.put("actor", like(query.actor()));
        }
        if (query.target() != null && !query.target().isBlank()) {
            sql.append(" AND LOWER(target_name) LIKE :target");
            params.put("target", like(query.target()));
        }
        if (query.outcome() != null) {
            sql.append(" AND outcome = :outcome");
            params.put("outcome", query.outcome().name());
        }
        if (query.text() != null && !query.text().isBlank()) {
            sql.append(" AND (LOWER(details) LIKE :text OR LOWER(reason) LIKE :text OR LOWER(target_name) LIKE :text"
                    + " OR LOWER(actor_username) LIKE :text OR source_ip LIKE :text)");
            params.put("text", like(query.text()));
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= :from");
            params.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < :to");
            params.put("to", Timestamp.from(query.to()));
        }
    }

    /** Returns a LIKE pattern for "contains", with the wildcards of the input escaped away. */
    private static String like(String text) {
        String plain = text.strip().toLowerCase(Locale.ROOT).replace("\\", "").replace("%", "").replace("_", "");
        return "%" + plain + "%";
    }

    static AuditEvent event(ResultSet rows, int rowNumber) throws SQLException {
        return new AuditEvent(
                rows.getLong("id"),
                rows.getLong("seq"),
                rows.getTimestamp("occurred_at").toInstant(),
                AuditEventType.valueOf(rows.getString("event_type")),
                rows.getObject("actor_id", Long.class),
                rows.getString("actor_username"),
                rows.getString("target_kind"),
                rows.getString("target_id"),
                rows.getString("target_name"),
                rows.getString("source_ip"),
                rows.getString("user_agent"),
                AuditEvent.Outcome.valueOf(rows.getString("outcome")),
                rows.getString("reason"),
                rows.getString("details"),
                rows.getString("hash"));
    }

    private static ChainState mapChain(ResultSet rows, int rowNumber) throws SQLException {
        Timestamp purgeAt = rows.getTimestamp("last_purge_at");
        return new ChainState(rows.getLong("last_seq"), rows.getString("last_hash"), rows.getLong("anchor_seq"),
                rows.getString("anchor_hash"), purgeAt == null ? null : purgeAt.toInstant(),
                rows.getObject("last_purge_count", Long.class), rows.getString("last_purge_outcome"));
    }
}
