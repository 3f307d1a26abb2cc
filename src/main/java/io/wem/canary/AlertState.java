package io.wem.canary;

import java.time.Instant;
import java.util.Objects;

/**
 * The alert state of one canary check, advanced by one run result at a time. An alert fires after a run of
 * consecutive bad results and resolves after a run of consecutive OK results. Any OK resets the bad count and any bad
 * result resets the good count, so a check that alternates between good and bad runs neither raises a new alert on
 * each bad run nor resolves an alert that is firing.
 *
 * @param firing          whether an alert for the check is firing
 * @param severity        the status of the firing alert, or of the last alert once it has resolved; null before the
 *                        first alert. Always WARNING, CRITICAL or ERROR.
 * @param consecutiveBad  number of WARNING, CRITICAL or ERROR results since the last OK
 * @param consecutiveGood number of OK results since the last bad result
 * @param firedAt         start of the firing or last alert, or null before the first alert
 * @param resolvedAt      end of the last alert, or null while it fires or before the first alert
 */
public record AlertState(
        boolean firing,
        CanaryStatus severity,
        int consecutiveBad,
        int consecutiveGood,
        Instant firedAt,
        Instant resolvedAt) {

    /** The change that one result made to the alert. */
    public enum Transition {
        NONE,
        FIRED,
        SEVERITY_CHANGED,
        RESOLVED
    }

    /** The state after one result, and the transition that the result caused. */
    public record Step(AlertState state, Transition transition) {
    }

    public AlertState {
        if (consecutiveBad < 0 || consecutiveGood < 0) {
            throw new IllegalArgumentException("Consecutive counts must not be negative, got bad " + consecutiveBad
                    + " and good " + consecutiveGood);
        }
        if (severity == CanaryStatus.OK || severity == CanaryStatus.STALE) {
            throw new IllegalArgumentException("Alert severity must be WARNING, CRITICAL or ERROR, got " + severity);
        }
        if (firing && (severity == null || firedAt == null)) {
            throw new IllegalArgumentException("A firing alert needs a severity and a firedAt time, got severity "
                    + severity + " and firedAt " + firedAt);
        }
    }

    /** Returns the state of a check that has no run yet. */
    public static AlertState initial() {
        return new AlertState(false, null, 0, 0, null, null);
    }

    /**
     * Applies one run result and returns the new state with the transition it caused.
     *
     * @param result                 status of the run: OK, WARNING, CRITICAL or ERROR
     * @param failuresBeforeAlert    consecutive bad results that fire an alert, at least 1
     * @param successesBeforeResolve consecutive OK results that resolve a firing alert, at least 1
     * @param now                    time of the result, stored as firedAt or resolvedAt
     * @throws IllegalArgumentException when {@code result} is STALE, which no run returns (the engine raises stale
     *                                  alerts separately), or when a threshold is below 1
     */
    public Step next(CanaryStatus result, int failuresBeforeAlert, int successesBeforeResolve, Instant now) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(now, "now");
        if (result == CanaryStatus.STALE) {
            throw new IllegalArgumentException("STALE is not a run result. Pass OK, WARNING, CRITICAL or ERROR,"
                    + " because stale alerts are raised separately from run results.");
        }
        requireAtLeastOne("failuresBeforeAlert", failuresBeforeAlert);
        requireAtLeastOne("successesBeforeResolve", successesBeforeResolve);

        if (result == CanaryStatus.OK) {
            return afterGoodResult(successesBeforeResolve, now);
        }
        return afterBadResult(result, failuresBeforeAlert, now);
    }

    private Step afterBadResult(CanaryStatus result, int failuresBeforeAlert, Instant now) {
        int bad = incrementSaturated(consecutiveBad);

        if (firing) {
            Transition transition = result == severity ? Transition.NONE : Transition.SEVERITY_CHANGED;
            return new Step(new AlertState(true, result, bad, 0, firedAt, null), transition);
        }
        if (bad >= failuresBeforeAlert) {
            return new Step(new AlertState(true, result, bad, 0, now, null), Transition.FIRED);
        }
        return new Step(new AlertState(false, severity, bad, 0, firedAt, resolvedAt), Transition.NONE);
    }

    private Step afterGoodResult(int successesBeforeResolve, Instant now) {
        int good = incrementSaturated(consecutiveGood);

        if (firing && good >= successesBeforeResolve) {
            return new Step(new AlertState(false, severity, 0, good, firedAt, now), Transition.RESOLVED);
        }
        return new Step(new AlertState(firing, severity, 0, good, firedAt, resolvedAt), Transition.NONE);
    }

    /** Adds one, stopping at Integer.MAX_VALUE instead of overflowing. */
    private static int incrementSaturated(int count) {
        return count == Integer.MAX_VALUE ? count : count + 1;
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
