package io.wem.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded event. {@code actorId} is null for {@code system}, {@code command line} and unknown users;
 * {@code details} is a JSON object and never contains a secret.
 */
public record AuditEvent(
        long id,
        long seq,
        Instant occurredAt,
        AuditEventType type,
        Long actorId,
        String actorUsername,
        String targetKind,
        String targetId,
        String targetName,
        String sourceIp,
        String userAgent,
        Outcome outcome,
        String reason,
        String details,
        String hash) {

    public enum Outcome { SUCCESS, FAILURE }

    /** The event a feature passes to {@link AuditService#record}; the service adds the time and the request's origin. */
    public record Draft(
            AuditEventType type,
            Long actorId,
            String actorUsername,
            String targetKind,
            String targetId,
            String targetName,
            Outcome outcome,
            String reason,
            Map<String, ?> details) {

        public static Draft success(AuditEventType type, Long actorId, String actorUsername) {
            return new Draft(type, actorId, actorUsername, null, null, null, Outcome.SUCCESS, null, Map.of());
        }

        public static Draft failure(AuditEventType type, Long actorId, String actorUsername, String reason) {
            return new Draft(type, actorId, actorUsername, null, null, null, Outcome.FAILURE, reason, Map.of());
        }

        public Draft target(String kind, String id, String name) {
            return new Draft(type, actorId, actorUsername, kind, id, name, outcome, reason, details);
        }

        public Draft details(Map<String, ?> newDetails) {
            return new Draft(type, actorId, actorUsername, targetKind, targetId, targetName, outcome, reason, newDetails);
        }
    }
}
