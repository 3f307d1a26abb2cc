package io.wem.audit;

import java.time.Instant;
import java.util.List;

/**
 * Filters of the Audit Log; a null or empty filter matches everything. {@code text} searches the details, the
 * reason and the target name; {@code actor} and {@code target} match names containing the text, ignoring case.
 */
public record AuditQuery(List<AuditEventType> types, String actor, String target, AuditEvent.Outcome outcome,
                         String text, Instant from, Instant to) {

    public static final AuditQuery ALL = new AuditQuery(List.of(), null, null, null, null, null, null);

    public AuditQuery {
        types = types == null ? List.of() : List.copyOf(types);
    }
}
