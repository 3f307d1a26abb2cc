package io.wem.audit;

import java.time.Instant;

/**
 * The head of the audit chain (last seq and hash), its anchor (the last purged event, where verification starts)
 * and the outcome of the last retention purge.
 */
public record ChainState(long lastSeq, String lastHash, long anchorSeq, String anchorHash, Instant lastPurgeAt,
                         Long lastPurgeCount, String lastPurgeOutcome) {
}
