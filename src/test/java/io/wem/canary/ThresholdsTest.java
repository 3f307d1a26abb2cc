package io.wem.canary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The boundaries of both threshold rules: latency counts once it reaches a threshold, counts only above one. */
class ThresholdsTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "99,  100,  200,  OK",
            "100, 100,  200,  WARNING",
            "199, 100,  200,  WARNING",
            "200, 100,  200,  CRITICAL",
            "500, null, 200,  CRITICAL",
            "500, 100,  null, WARNING",
            "500, null, null, OK",
    })
    void latencyReachingThreshold(long durationMs, Integer warningMs, Integer criticalMs, CanaryStatus expected) {
        CanaryCheck check = CheckBuilder.check(CheckType.QUERY).latencyMs(warningMs, criticalMs).build();

        CheckOutcome outcome = Thresholds.applyLatency(CheckOutcome.ok(durationMs, 1L, "measured"), check);

        assertThat(outcome.status()).isEqualTo(expected);
        assertThat(outcome.durationMs()).isEqualTo(durationMs);
        assertThat(outcome.rowCount()).isEqualTo(1L);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "10, 10,   20,   OK",
            "11, 10,   20,   WARNING",
            "20, 10,   20,   WARNING",
            "21, 10,   20,   CRITICAL",
            "21, null, 20,   CRITICAL",
            "11, 10,   null, WARNING",
            "0,  0,    0,    OK",
            "99, null, null, OK",
    })
    void countAboveThreshold(long value, Long warning, Long critical, CanaryStatus expected) {
        CheckOutcome outcome = Thresholds.applyAbove(CheckOutcome.ok(5, null, "measured"), value, warning, critical);

        assertThat(outcome.status()).isEqualTo(expected);
        assertThat(Thresholds.statusAbove(value, warning, critical)).isEqualTo(expected);
    }
}
