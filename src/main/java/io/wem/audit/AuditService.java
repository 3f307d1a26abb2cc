package io.wem.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.wem.web.RequestInfo;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records audit events. A caller that changes state calls {@link #record} inside its own transaction,
 * so the change and its event commit or roll back together.
 */
@Service
public class AuditService {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    public AuditService(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AuditEvent.Draft draft) {
        insert(draft, RequestInfo.current());
    }

    /** Records an event that has no state change of its own to join, such as a failed sign-in. */
    @Transactional
    public void recordAlone(AuditEvent.Draft draft) {
        insert(draft, RequestInfo.current());
    }

    private void insert(AuditEvent.Draft draft, RequestInfo origin) {
        jdbc.sql("""
                INSERT INTO audit_event (occurred_at, event_type, actor_id, actor_username, target_kind, target_id,
                                         target_name, source_ip, user_agent, outcome, reason, details)
                VALUES (:occurredAt, :type, :actorId, :actorUsername, :targetKind, :targetId,
                        :targetName, :sourceIp, :userAgent, :outcome, :reason, :details)
                """)
                .param("occurredAt", Timestamp.from(Instant.now(clock)))
                .param("type", draft.type().name())
                .param("actorId", draft.actorId())
                .param("actorUsername", draft.actorUsername())
                .param("targetKind", draft.targetKind())
                .param("targetId", draft.targetId())
                .param("targetName", draft.targetName())
                .param("sourceIp", origin.sourceIp())
                .param("userAgent", origin.userAgent())
                .param("outcome", draft.outcome().name())
                .param("reason", draft.reason())
                .param("details", json.writeValueAsString(draft.details()))
                .update();
    }

    /** Returns the newest events first, at most {@code limit}. The Audit Log page builds its filters on this. */
    public List<AuditEvent> latest(int limit) {
        return jdbc.sql("""
                SELECT id, occurred_at, event_type, actor_id, actor_username, target_kind, target_id, target_name,
                       source_ip, user_agent, outcome, reason, details
                FROM audit_event
                ORDER BY occurred_at DESC, id DESC
                LIMIT :limit
                """)
                .param("limit", limit)
                .query((rows, rowNumber) -> new AuditEvent(
                        rows.getLong("id"),
                        rows.getTimestamp("occurred_at").toInstant(),
                        AuditEventType.valueOf(rows.getString("event_type")),
                        (Long) rows.getObject("actor_id", Long.class),
                        rows.getString("actor_username"),
                        rows.getString("target_kind"),
                        rows.getString("target_id"),
                        rows.getString("target_name"),
                        rows.getString("source_ip"),
                        rows.getString("user_agent"),
                        AuditEvent.Outcome.valueOf(rows.getString("outcome")),
                        rows.getString("reason"),
                        rows.getString("details")))
                .list();
    }
}
