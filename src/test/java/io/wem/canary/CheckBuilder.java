package io.wem.canary;

import java.time.Instant;

/** Builds a {@link CanaryCheck} for a runner test: every threshold unset and a 5 second timeout unless a test sets them. */
final class CheckBuilder {

    private final CheckType type;
    private String database;
    private String sql;
    private Integer warningMs;
    private Integer criticalMs;
    private Long warningLagBytes;
    private Long criticalLagBytes;
    private Long warningThreshold;
    private Long criticalThreshold;
    private int expectedReplicas;

    private CheckBuilder(CheckType type) {
        this.type = type;
    }

    static CheckBuilder check(CheckType type) {
        return new CheckBuilder(type);
    }

    CheckBuilder database(String name) {
        this.database = name;
        return this;
    }

    CheckBuilder sql(String statement) {
        this.sql = statement;
        return this;
    }

    CheckBuilder latencyMs(Integer warning, Integer critical) {
        this.warningMs = warning;
        this.criticalMs = critical;
        return this;
    }

    CheckBuilder lagBytes(Long warning, Long critical) {
        this.warningLagBytes = warning;
        this.criticalLagBytes = critical;
        return this;
    }

    CheckBuilder thresholds(Long warning, Long critical) {
        this.warningThreshold = warning;
        this.criticalThreshold = critical;
        return this;
    }

    CheckBuilder expectedReplicas(int count) {
        this.expectedReplicas = count;
        return this;
    }

    CanaryCheck build() {
        Instant now = Instant.now();
        return new CanaryCheck(1, type.label() + " test", type, database, sql, 60, 5, warningMs, criticalMs,
                warningLagBytes, criticalLagBytes, warningThreshold, criticalThreshold, expectedReplicas, 3, 2,
                true, false, now, now);
    }
}
