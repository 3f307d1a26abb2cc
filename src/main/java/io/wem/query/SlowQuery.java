package io.wem.query;

import java.time.Instant;

/** A stored slow statement as the panel and the API show it. */
public record SlowQuery(long id, Instant loggedAt, double durationMs, String user, String database, String application,
                        String sessionId, String query) {
}
