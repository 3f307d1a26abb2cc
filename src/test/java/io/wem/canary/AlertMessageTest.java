package io.wem.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import io.wem.canary.AlertMessage.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertMessageTest {

    private static final Instant FIRED_AT = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant RESOLVED_AT = Instant.parse("2025-03-01T10:05:00Z");

    @ParameterizedTest
    @CsvSource({"WARNING, warning", "CRITICAL, critical", "ERROR, error"})
    void severityOfBadStatus(CanaryStatus status, String expected) {
        assertThat(AlertMessage.severityOf(status)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"OK", "STALE"})
    void severityOfOtherStatusIsRejected(CanaryStatus status) {
        assertThatThrownBy(() -> AlertMessage.severityOf(status)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolvedCopyKeepsLabels() {
        AlertMessage firing = message("critical", Kind.RESULT, null, true);

        AlertMessage resolved = firing.resolved(RESOLVED_AT);

        assertThat(resolved.firing()).isFalse();
        assertThat(resolved.endsAt()).isEqualTo(RESOLVED_AT);
        assertThat(resolved.startsAt()).isEqualTo(FIRED_AT);
        assertThat(resolved.severity()).isEqualTo("critical");
        assertThat(resolved.checkName()).isEqualTo(firing.checkName());
        assertThat(resolved.kind()).isEqualTo(Kind.RESULT);
    }

    @Test
    void alertnameFollowsKind() {
        assertThat(message("error", Kind.RESULT, null, true).alertname()).isEqualTo("WEMCanaryCheck");
        assertThat(message("stale", Kind.STALE, null, true).alertname()).isEqualTo("WEMCanaryCheckStale");
    }

    @Test
    void severityMustMatchKind() {
        assertThatThrownBy(() -> message("stale", Kind.RESULT, null, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> message("critical", Kind.STALE, null, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> message("CRITICAL", Kind.RESULT, null, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endsAtMustMatchFiring() {
        assertThatThrownBy(() -> message("warning", Kind.RESULT, RESOLVED_AT, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> message("warning", Kind.RESULT, null, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blankCheckNameIsRejected() {
        assertThatThrownBy(() -> new AlertMessage(" ", CheckType.QUERY, "warning", "c", "s", FIRED_AT, null, true,
                Kind.RESULT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownClusterIsAllowed() {
        AlertMessage message = new AlertMessage("check", CheckType.CONNECTIVITY, "warning", null, "s", FIRED_AT, null,
                true, Kind.RESULT);

        assertThat(message.cluster()).isNull();
    }

    private static AlertMessage message(String severity, Kind kind, Instant endsAt, boolean firing) {
        return new AlertMessage("check", CheckType.QUERY, severity, "Test Cluster", "summary", FIRED_AT, endsAt,
                firing, kind);
    }
}
