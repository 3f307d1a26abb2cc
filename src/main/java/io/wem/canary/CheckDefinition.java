package io.wem.canary;

/**
 * The editable fields of a canary check, as validated by {@link CanaryService}: what the repository writes and what
 * "Test now" runs before anything is saved.
 */
public record CheckDefinition(
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
        boolean enabled) {

    static CheckDefinition of(CanaryCheck check) {
        return new CheckDefinition(check.name(), check.type(), check.database(), check.sql(), check.intervalSeconds(),
                check.timeoutSeconds(), check.warningMs(), check.criticalMs(), check.warningLagBytes(),
                check.criticalLagBytes(), check.warningThreshold(), check.criticalThreshold(), check.expectedReplicas(),
                check.failuresBeforeAlert(), check.successesBeforeResolve(), check.enabled());
    }

    /** Returns an unsaved check with this definition, for a test run. */
    CanaryCheck unsaved(java.time.Instant now) {
        return new CanaryCheck(0, name, type, database, sql, intervalSeconds, timeoutSeconds, warningMs, criticalMs,
                warningLagBytes, criticalLagBytes, warningThreshold, criticalThreshold, expectedReplicas,
                failuresBeforeAlert, successesBeforeResolve, enabled, false, now, now);
    }
}
