package io.wem.canary;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The canary metrics on {@code /prom/metrics}, labelled {@code check_name}: last duration, status code (0 ok, 1 warning,
 * 2 critical, 3 error, 4 stale), last run time, row count, runs and failures; plus whether this instance holds the
 * scheduler lock and how late runs start.
 */
@Component
class CanaryMetrics {

    private final MeterRegistry registry;
    private final Map<Long, CheckMeters> byCheck = new ConcurrentHashMap<>();
    private final Timer scheduleDelay;

    CanaryMetrics(MeterRegistry registry, SchedulerLeadership leadership) {
        this.registry = registry;
        Gauge.builder("wem.scheduler.lock.held", leadership, held -> held.isLeader() ? 1 : 0)
                .description("1 when this WEM instance runs the canary scheduler")
                .register(registry);
        this.scheduleDelay = Timer.builder("wem.canary.schedule.delay")
                .description("Time from when a canary run was due to when it started")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(150),
                        Duration.ofMillis(200), Duration.ofMillis(250), Duration.ofMillis(300), Duration.ofMillis(400),
                        Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    /** The live values behind one check's gauges, and the meters to remove when the check goes. */
    private record CheckMeters(AtomicLong durationMs, AtomicLong status, AtomicLong lastRunSeconds, AtomicLong rowCount,
                               Counter runs, Counter failures, List<Meter> meters) {
    }

    void recordRun(CanaryCheck check, Instant started, CheckOutcome outcome) {
        CheckMeters meters = meters(check);
        meters.durationMs().set(outcome.durationMs());
        meters.status().set(outcome.status().code());
        meters.lastRunSeconds().set(started.getEpochSecond());
        meters.rowCount().set(outcome.rowCount() == null ? 0 : outcome.rowCount());
        meters.runs().increment();
        if (outcome.status() != CanaryStatus.OK) {
            meters.failures().increment();
        }
    }

    void markStale(CanaryCheck check) {
        meters(check).status().set(CanaryStatus.STALE.code());
    }

    void scheduleDelay(Duration delay) {
        scheduleDelay.record(delay.isNegative() ? Duration.ZERO : delay);
    }

    Timer scheduleDelayTimer() {
        return scheduleDelay;
    }

    /** Removes a deleted or renamed check's series. */
    void forget(long checkId) {
        CheckMeters meters = byCheck.remove(checkId);
        if (meters != null) {
            meters.meters().forEach(registry::remove);
        }
    }

    private CheckMeters meters(CanaryCheck check) {
        return byCheck.computeIfAbsent(check.id(), id -> {
            AtomicLong duration = new AtomicLong();
            AtomicLong status = new AtomicLong();
            AtomicLong lastRun = new AtomicLong();
            AtomicLong rows = new AtomicLong();
            String name = check.name();
            Counter runs = Counter.builder("wem.canary.checks").tag("check_name", name)
                    .description("Canary runs completed").register(registry);
            Counter failures = Counter.builder("wem.canary.failures").tag("check_name", name)
                    .description("Canary runs that were not OK").register(registry);
            List<Meter> all = List.of(
                    Gauge.builder("wem.canary.duration.ms", duration, AtomicLong::get).tag("check_name", name)
                            .description("Duration of the last canary run in milliseconds").register(registry),
                    Gauge.builder("wem.canary.status", status, AtomicLong::get).tag("check_name", name)
                            .description("0 ok, 1 warning, 2 critical, 3 error, 4 stale").register(registry),
                    Gauge.builder("wem.canary.last.run.timestamp", lastRun, AtomicLong::get).tag("check_name", name)
                            .description("Start of the last canary run, seconds since the epoch").register(registry),
                    Gauge.builder("wem.canary.row.count", rows, AtomicLong::get).tag("check_name", name)
                            .description("Rows the last Query run read").register(registry),
                    runs, failures);
            return new CheckMeters(duration, status, lastRun, rows, runs, failures, all);
        });
    }
}
