package io.wem.canary;

import java.time.Instant;

/** One stored run of a check. */
public record CanaryResult(long id, long checkId, Instant startedAt, CanaryStatus status, long durationMs, Long rowCount,
                           String message) {
}
