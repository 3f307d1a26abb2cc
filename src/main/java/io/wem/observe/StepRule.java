package io.wem.observe;

import java.time.Duration;
import java.time.Instant;

/**
 * Chooses the resolution of a range query: the range divided into at most {@link #MAX_POINTS} steps, and never finer
 * than {@link #MIN_STEP}, so a chart requests at most about 1,000 points per series whatever its range.
 */
final class StepRule {

    static final int MAX_POINTS = 1000;
    static final Duration MIN_STEP = Duration.ofSeconds(5);
    /**
     * The shortest range of {@code rate()}, which needs at least two samples in it. Two minutes cover Prometheus'
     * default scrape interval of 1 minute.
     */
    static final Duration MIN_RATE_WINDOW = Duration.ofMinutes(2);

    private StepRule() {
    }

    static Duration step(Instant start, Instant end) {
        long seconds = Math.max(0, Duration.between(start, end).toSeconds());
        long step = (seconds + MAX_POINTS - 1) / MAX_POINTS;
        return Duration.ofSeconds(Math.max(MIN_STEP.toSeconds(), step));
    }

    /** Returns the {@code rate()} window for a step: four steps, so each point averages over a few scrapes, and at least {@link #MIN_RATE_WINDOW}. */
    static Duration rateWindow(Duration step) {
        Duration fourSteps = step.multipliedBy(4);
        return fourSteps.compareTo(MIN_RATE_WINDOW) > 0 ? fourSteps : MIN_RATE_WINDOW;
    }
}
