package io.wem.canary;

import java.time.Instant;

/** A check as the API and the pages show it: its definition, its current status and its last and next run. */
public record CheckView(
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
        CanaryStatus status,
        Long durationMs,
        String message,
        Instant lastRunAt,
        Instant nextRunAt,
        boolean alertFiring) {

    static CheckView of(CanaryCheck check, CanaryResult latest, CanaryStatus status, Instant nextRunAt, boolean alertFiring) {
        return new CheckView(check.id(), check.name(), check.type(), check.database(), check.sql(), check.intervalSeconds(),
                check.timeoutSeconds(), check.warningMs(), check.criticalMs(), check.warningLagBytes(), check.criticalLagBytes(),
                check.warningThreshold(), check.criticalThreshold(), check.expectedReplicas(), check.failuresBeforeAlert(),
                check.successesBeforeResolve(), check.enabled(), check.system(), status,
                latest == null ? null : latest.durationMs(), latest == null ? null : latest.message(),
                latest == null ? null : latest.startedAt(), nextRunAt, alertFiring);
    }

    public String typeLabel() {
        return type.label();
    }
}
