package io.wem.canary;

/**
 * The two ways a canary check turns a measured number into a status. Latency is bad once it reaches a threshold
 * ({@code >=}), while counts, ages and lag are bad only when strictly above one, so a threshold of 0 allows none. A null
 * threshold is not checked. The critical threshold is checked first.
 */
final class Thresholds {

    private Thresholds() {
    }

    /** Returns {@code measured} with its status set from its duration and the check's warningMs and criticalMs. */
    static CheckOutcome applyLatency(CheckOutcome measured, CanaryCheck check) {
        long durationMs = measured.durationMs();
        if (check.criticalMs() != null && durationMs >= check.criticalMs()) {
            return measured.withStatus(CanaryStatus.CRITICAL,
                    measured.message() + ", at or above the critical threshold of " + check.criticalMs() + " ms");
        }
        if (check.warningMs() != null && durationMs >= check.warningMs()) {
            return measured.withStatus(CanaryStatus.WARNING,
                    measured.message() + ", at or above the warning threshold of " + check.warningMs() + " ms");
        }
        return measured;
    }

    /** Returns {@code measured} with its status set from {@code value}, a count or an age, and the two thresholds. */
    static CheckOutcome applyAbove(CheckOutcome measured, long value, Long warning, Long critical) {
        CanaryStatus status = statusAbove(value, warning, critical);
        return switch (status) {
            case CRITICAL -> measured.withStatus(status,
                    measured.message() + ", above the critical threshold of " + critical);
            case WARNING -> measured.withStatus(status,
                    measured.message() + ", above the warning threshold of " + warning);
            default -> measured;
        };
    }

    /** Returns CRITICAL or WARNING when {@code value} is strictly above that threshold, else OK. */
    static CanaryStatus statusAbove(long value, Long warning, Long critical) {
        if (critical != null && value > critical) {
            return CanaryStatus.CRITICAL;
        }
        if (warning != null && value > warning) {
            return CanaryStatus.WARNING;
        }
        return CanaryStatus.OK;
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
