package io.wem.canary;

import java.time.Instant;

/**
 * A canary check definition. Thresholds that do not apply to the type are null: latency in milliseconds for
 * Connectivity and Query, replication lag in bytes for Replication, and a plain count or age for Active Connections
 * (active sessions) and Transaction ID Age ({@code age(datfrozenxid)}).
 */
public record CanaryCheck(
        long id,
        String name,
        CheckType type,
        String database,
        String sql,
        int intervalSeconds,
        int timeoutSeconds,
        Integer warningMs,
        Integer criticalMs,
        Long warningLagBytes,
        Long criticalLagBytes,
        Long warningThreshold,
        Long criticalThreshold,
        int expectedReplicas,
        int failuresBeforeAlert,
        int successesBeforeResolve,
        boolean enabled,
        boolean system,
        Instant createdAt,
        Instant updatedAt) {
}
