package io.wem.canary;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One firing or resolved canary alert, as {@link AlertDelivery} sends it. A check can have two alerts at once: one
 * for its run results ({@link Kind#RESULT}) and one for missing runs ({@link Kind#STALE}).
 *
 * @param checkName name of the canary check
 * @param checkType type of the check
 * @param severity  "warning", "critical" or "error" for a result alert, "stale" for a stale alert
 * @param cluster   display name of the monitored cluster, or null when it is not known
 * @param summary   one line for people, sent as the {@code summary} annotation
 * @param startsAt  time the alert fired
 * @param endsAt    time the alert resolved; null exactly while it fires
 * @param firing    whether the alert fires (true) or has resolved (false)
 * @param kind      whether the alert is about run results or about missing runs
 */
public record AlertMessage(
        String checkName,
        CheckType checkType,
        String severity,
        String cluster,
        String summary,
        Instant startsAt,
        Instant endsAt,
        boolean firing,
        Kind kind) {

    /** Severity of every stale alert. */
    public static final String STALE_SEVERITY = "stale";

    private static final List<String> RESULT_SEVERITIES = List.of("warning", "critical", "error");

    /** The two alerts a check can have, each with the Alertmanager {@code alertname} label it is sent with. */
    public enum Kind {
        RESULT("WEMCanaryCheck"),
        STALE("WEMCanaryCheckStale");

        private final String alertname;

        Kind(String alertname) {
            this.alertname = alertname;
        }

        public String alertname() {
            return alertname;
        }
    }

    public AlertMessage {
        Objects.requireNonNull(checkName, "checkName");
        Objects.requireNonNull(checkType, "checkType");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(kind, "kind");
        if (checkName.isBlank()) {
            throw new IllegalArgumentException("checkName must not be blank");
        }
        if (kind == Kind.STALE && !severity.equals(STALE_SEVERITY)) {
            throw new IllegalArgumentException("A stale alert must have severity \"stale\", got \"" + severity + "\"");
        }
        if (kind == Kind.RESULT && !RESULT_SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("A result alert must have severity \"warning\", \"critical\" or"
                    + " \"error\", got \"" + severity + "\"");
        }
        if (firing && endsAt != null) {
            throw new IllegalArgumentException("A firing alert must have no endsAt, got " + endsAt);
        }
        if (!firing && endsAt == null) {
            throw new IllegalArgumentException("A resolved alert needs endsAt, the time it resolved");
        }
    }

    /**
     * Returns the severity label for a run status: "warning", "critical" or "error".
     *
     * @throws IllegalArgumentException for OK and STALE, which no result alert has
     */
    public static String severityOf(CanaryStatus status) {
        if (status == CanaryStatus.OK || status == CanaryStatus.STALE) {
            throw new IllegalArgumentException("A result alert has no severity for status " + status
                    + ", expected WARNING, CRITICAL or ERROR");
        }
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** Returns this alert as resolved at {@code resolvedAt}, with the same labels and summary. */
    public AlertMessage resolved(Instant resolvedAt) {
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        return new AlertMessage(checkName, checkType, severity, cluster, summary, startsAt, resolvedAt, false, kind);
    }

    public String alertname() {
        return kind.alertname();
    }
}
