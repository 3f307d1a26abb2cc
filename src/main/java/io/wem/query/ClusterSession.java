package io.wem.query;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One client session on the coordinator, as the Query Monitor shows it. {@code sessionId} is WHPG's {@code sess_id}
 * (the pid on PostgreSQL); {@code waitEvent} is the wait event or reason, named {@code wait} in JSON; {@code blockedBy} lists the pids whose locks this session waits for; {@code own} marks
 * WEM's own sessions, which the list hides by default and WEM never cancels or terminates.
 */
public record ClusterSession(
        int pid,
        long sessionId,
        String user,
        String database,
        String application,
        String clientAddress,
        String state,
        @JsonProperty("wait") String waitEvent,
        boolean waiting,
        String resourceGroup,
        Instant backendStart,
        Instant xactStart,
        Instant queryStart,
        Long durationSeconds,
        List<Integer> blockedBy,
        String query,
        boolean own) {

    public boolean isBlocked() {
        return !blockedBy.isEmpty();
    }

    public boolean isIdle() {
        return "idle".equals(state);
    }

    public boolean isIdleInTransaction() {
        return state != null && state.startsWith("idle in transaction");
    }

    /** Returns the query text cut to {@code length} characters for the table; the row details show all of it. */
    public String shortQuery(int length) {
        String text = query == null ? "" : query.replaceAll("\\s+", " ").strip();
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }
}
