package io.wem.canary;

import static io.wem.canary.CanaryStatus.CRITICAL;
import static io.wem.canary.CanaryStatus.ERROR;
import static io.wem.canary.CanaryStatus.OK;
import static io.wem.canary.CanaryStatus.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.wem.canary.AlertState.Step;
import io.wem.canary.AlertState.Transition;
import org.junit.jupiter.api.Test;

class AlertStateTest {

    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration RUN_INTERVAL = Duration.ofSeconds(10);

    /** Feeds results one run apart into a state and records every transition. */
    private static final class Runs {

        private final int failuresBeforeAlert;
        private final int successesBeforeResolve;
        private AlertState state = AlertState.initial();
        private Instant now = START;
        private final List<Transition> transitions = new ArrayList<>();

        Runs(int failuresBeforeAlert, int successesBeforeResolve) {
            this.failuresBeforeAlert = failuresBeforeAlert;
            this.successesBeforeResolve = successesBeforeResolve;
        }

        Transition apply(CanaryStatus result) {
            now = now.plus(RUN_INTERVAL);
            Step step = state.next(result, failuresBeforeAlert, successesBeforeResolve, now);
            state = step.state();
            transitions.add(step.transition());
            return step.transition();
        }

        long count(Transition transition) {
            return transitions.stream().filter(transition::equals).count();
        }
    }

    @Test
    void initialStateIsQuiet() {
        AlertState state = AlertState.initial();

        assertThat(state.firing()).isFalse();
        assertThat(state.severity()).isNull();
        assertThat(state.consecutiveBad()).isZero();
        assertThat(state.consecutiveGood()).isZero();
        assertThat(state.firedAt()).isNull();
        assertThat(state.resolvedAt()).isNull();
    }

    @Test
    void firesAfterExactlyNBadResults() {
        Runs runs = new Runs(3, 2);

        assertThat(runs.apply(CRITICAL)).isEqualTo(Transition.NONE);
        assertThat(runs.apply(CRITICAL)).isEqualTo(Transition.NONE);
        assertThat(runs.state.firing()).isFalse();
        assertThat(runs.apply(CRITICAL)).isEqualTo(Transition.FIRED);

        assertThat(runs.state.firing()).isTrue();
        assertThat(runs.state.severity()).isEqualTo(CRITICAL);
        assertThat(runs.state.consecutiveBad()).isEqualTo(3);
        assertThat(runs.state.firedAt()).isEqualTo(runs.now);
        assertThat(runs.state.resolvedAt()).isNull();
    }

    @Test
    void firingSeverityIsLatestResult() {
        Runs runs = new Runs(3, 2);

        runs.apply(CRITICAL);
        runs.apply(ERROR);
        assertThat(runs.apply(WARNING)).isEqualTo(Transition.FIRED);

        assertThat(runs.state.severity()).isEqualTo(WARNING);
    }

    @Test
    void firesOnFirstBadResultWhenNIsOne() {
        Runs runs = new Runs(1, 1);

        assertThat(runs.apply(ERROR)).isEqualTo(Transition.FIRED);
        assertThat(runs.state.severity()).isEqualTo(ERROR);
    }

    @Test
    void resolvesAfterExactlyMGoodResults() {
        Runs runs = new Runs(1, 3);
        runs.apply(CRITICAL);
        Instant firedAt = runs.state.firedAt();

        assertThat(runs.apply(OK)).isEqualTo(Transition.NONE);
        assertThat(runs.apply(OK)).isEqualTo(Transition.NONE);
        assertThat(runs.state.firing()).isTrue();
        assertThat(runs.apply(OK)).isEqualTo(Transition.RESOLVED);

        assertThat(runs.state.firing()).isFalse();
        assertThat(runs.state.consecutiveGood()).isEqualTo(3);
        assertThat(runs.state.resolvedAt()).isEqualTo(runs.now);
        assertThat(runs.state.firedAt()).isEqualTo(firedAt);
        assertThat(runs.state.severity()).as("severity of the alert that resolved").isEqualTo(CRITICAL);
    }

    @Test
    void goodResultsWhileQuietResolveNothing() {
        Runs runs = new Runs(2, 2);

        for (int i = 0; i < 5; i++) {
            assertThat(runs.apply(OK)).isEqualTo(Transition.NONE);
        }
        assertThat(runs.state.consecutiveGood()).isEqualTo(5);
    }

    @Test
    void severityChangeWhileFiring() {
        Runs runs = new Runs(2, 2);
        runs.apply(WARNING);
        runs.apply(WARNING);
        Instant firedAt = runs.state.firedAt();

        assertThat(runs.apply(WARNING)).isEqualTo(Transition.NONE);
        assertThat(runs.apply(CRITICAL)).isEqualTo(Transition.SEVERITY_CHANGED);
        assertThat(runs.state.severity()).isEqualTo(CRITICAL);
        assertThat(runs.state.firedAt()).as("a severity change keeps the start of the alert").isEqualTo(firedAt);
        assertThat(runs.apply(CRITICAL)).isEqualTo(Transition.NONE);
        assertThat(runs.apply(ERROR)).isEqualTo(Transition.SEVERITY_CHANGED);
        assertThat(runs.state.severity()).isEqualTo(ERROR);
    }

    @Test
    void severityChangeAfterSingleGoodResult() {
        Runs runs = new Runs(1, 2);
        runs.apply(CRITICAL);

        runs.apply(OK);
        assertThat(runs.apply(WARNING)).isEqualTo(Transition.SEVERITY_CHANGED);
        assertThat(runs.state.firing()).isTrue();
    }

    @Test
    void goodResultResetsBadCount() {
        Runs runs = new Runs(3, 2);

        runs.apply(CRITICAL);
        runs.apply(CRITICAL);
        runs.apply(OK);
        assertThat(runs.state.consecutiveBad()).isZero();
        assertThat(runs.state.consecutiveGood()).isEqualTo(1);

        assertThat(runs.apply(CRITICAL)).isEqualTo(Transition.NONE);
        assertThat(runs.apply(CRITICAL)).isEqualTo(Transition.NONE);
        assertThat(runs.apply(CRITICAL)).isEqualTo(Transition.FIRED);
    }

    @Test
    void badResultResetsGoodCount() {
        Runs runs = new Runs(1, 3);
        runs.apply(CRITICAL);

        runs.apply(OK);
        runs.apply(OK);
        runs.apply(WARNING);
        assertThat(runs.state.consecutiveGood()).isZero();
        assertThat(runs.state.consecutiveBad()).isEqualTo(1);

        assertThat(runs.apply(OK)).isEqualTo(Transition.NONE);
        assertThat(runs.apply(OK)).isEqualTo(Transition.NONE);
        assertThat(runs.apply(OK)).isEqualTo(Transition.RESOLVED);
    }

    @Test
    void alternatingResultsNeverFire() {
        Runs runs = new Runs(2, 2);

        for (int i = 0; i < 20; i++) {
            runs.apply(i % 2 == 0 ? OK : CRITICAL);
        }

        assertThat(runs.count(Transition.FIRED)).isZero();
        assertThat(runs.state.firing()).isFalse();
    }

    @Test
    void flappingCheckFiresOnceAndStaysFiring() {
        Runs runs = new Runs(2, 2);
        CanaryStatus[] pattern = {CRITICAL, CRITICAL, OK};

        for (int i = 0; i < 20; i++) {
            runs.apply(pattern[i % pattern.length]);
        }

        assertThat(runs.count(Transition.FIRED)).isEqualTo(1);
        assertThat(runs.count(Transition.RESOLVED)).isZero();
        assertThat(runs.count(Transition.SEVERITY_CHANGED)).isZero();
        assertThat(runs.state.firing()).isTrue();
    }

    @Test
    void firesAgainAfterResolve() {
        Runs runs = new Runs(2, 2);
        runs.apply(CRITICAL);
        runs.apply(CRITICAL);
        runs.apply(OK);
        runs.apply(OK);
        Instant resolvedAt = runs.state.resolvedAt();

        runs.apply(WARNING);
        assertThat(runs.state.resolvedAt()).as("a single bad result keeps the last resolve time").isEqualTo(resolvedAt);
        assertThat(runs.apply(WARNING)).isEqualTo(Transition.FIRED);

        assertThat(runs.state.severity()).isEqualTo(WARNING);
        assertThat(runs.state.firedAt()).isEqualTo(runs.now);
        assertThat(runs.state.resolvedAt()).isNull();
        assertThat(runs.count(Transition.FIRED)).isEqualTo(2);
        assertThat(runs.count(Transition.RESOLVED)).isEqualTo(1);
    }

    @Test
    void staleResultIsRejected() {
        AlertState state = AlertState.initial();

        assertThatThrownBy(() -> state.next(CanaryStatus.STALE, 2, 2, START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STALE");
    }

    @Test
    void thresholdBelowOneIsRejected() {
        AlertState state = AlertState.initial();

        assertThatThrownBy(() -> state.next(CRITICAL, 0, 2, START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failuresBeforeAlert");
        assertThatThrownBy(() -> state.next(OK, 2, 0, START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("successesBeforeResolve");
    }

    @Test
    void firingStateWithoutSeverityIsRejected() {
        assertThatThrownBy(() -> new AlertState(true, null, 2, 0, START, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertState(false, OK, 0, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
