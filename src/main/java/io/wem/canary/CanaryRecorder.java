package io.wem.canary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.wem.settings.SettingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores each run's result with the check's alert state in one transaction, sends alert transitions, and raises a
 * separate alert for a check that stopped completing runs (STALE).
 */
@Component
class CanaryRecorder {

    /** A check is stale after three intervals without a completed run, or 30 minutes, whichever is shorter. */
    static final Duration MAX_STALE_AFTER = Duration.ofMinutes(30);
    private static final Logger log = LoggerFactory.getLogger(CanaryRecorder.class);

    private final CanaryRepository repository;
    private final AlertDelivery delivery;
    private final SettingsStore settings;
    private final CanaryMetrics metrics;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Instant startedAt;
    private final Map<Long, Instant> lastRun = new ConcurrentHashMap<>();
    private final Map<Long, Instant> staleFiring = new ConcurrentHashMap<>();
    /** Checks deleted or renamed while the scheduler may still hold them in its list for a few seconds. */
    private final java.util.Set<Long> forgotten = ConcurrentHashMap.newKeySet();
    private volatile boolean lastRunsLoaded;

    CanaryRecorder(CanaryRepository repository, AlertDelivery delivery, SettingsStore settings, CanaryMetrics metrics,
                   TransactionTemplate transaction, Clock clock) {
        this.repository = repository;
        this.delivery = delivery;
        this.settings = settings;
        this.metrics = metrics;
        this.transaction = transaction;
        this.clock = clock;
        this.startedAt = Instant.now(clock);
    }

    static Duration staleAfter(CanaryCheck check) {
        Duration threeIntervals = Duration.ofSeconds(3L * check.intervalSeconds());
        return threeIntervals.compareTo(MAX_STALE_AFTER) < 0 ? threeIntervals : MAX_STALE_AFTER;
    }

    /**
     * Returns whether an enabled check has not completed a run for too long. The clock starts at the latest of its last
     * run, its last change and {@code since} (when WEM started), so a restart does not make every check stale at once.
     */
    static boolean isStale(CanaryCheck check, Instant lastRunAt, Instant since, Instant now) {
        if (!check.enabled()) {
            return false;
        }
        Instant reference = latest(check.updatedAt(), since);
        if (lastRunAt != null) {
            reference = latest(reference, lastRunAt);
        }
        return now.isAfter(reference.plus(staleAfter(check)));
    }

    Instant startedAt() {
        return startedAt;
    }

    /** Stores a run and returns it with its id, or returns null when it could not be stored. */
    CanaryResult record(CanaryCheck check, Instant started, CheckOutcome outcome) {
        Instant now = Instant.now(clock);
        Transitioned change;
        try {
            change = transaction.execute(status -> {
                CanaryResult stored = repository.insertResult(check.id(), started, outcome);
                AlertState before = repository.alertState(check.id()).orElse(AlertState.initial());
                AlertState.Step next = before.next(outcome.status(), check.failuresBeforeAlert(), check.successesBeforeResolve(), now);
                repository.saveState(check.id(), next.state(), stored);
                return new Transitioned(before, next, stored);
            });
        } catch (DataAccessException e) {
            // The check was deleted while it ran, or the store is unavailable: the run is lost, the scheduler goes on.
            log.warn("Could not store the result of canary check '{}' (id {}): {}", check.name(), check.id(), e.getMessage());
            return null;
        }
        lastRun.put(check.id(), started);
        metrics.recordRun(check, started, outcome);
        deliver(check, change, outcome, now);
        Instant staleSince = staleFiring.remove(check.id());
        if (staleSince != null) {
            delivery.resolve(staleMessage(check, "Canary check '" + check.name() + "' completes runs again", staleSince)
                    .resolved(now));
        }
        return change.stored();
    }

    /** The alert state before a result and the step the result caused. */
    private record Transitioned(AlertState before, AlertState.Step step, CanaryResult stored) {
    }

    private void deliver(CanaryCheck check, Transitioned change, CheckOutcome outcome, Instant now) {
        AlertState.Step step = change.step();
        String summary = "Canary check '" + check.name() + "' is " + outcome.status() + ": " + outcome.message();
        switch (step.transition()) {
            case FIRED, SEVERITY_CHANGED -> {
                log.info("Alert for canary check '{}' (id {}) {}: {}", check.name(), check.id(),
                        step.transition() == AlertState.Transition.FIRED ? "fired" : "changed severity", outcome.status());
                delivery.fire(resultMessage(check, step.state().severity(), summary,
                        step.state().firedAt() == null ? now : step.state().firedAt()));
            }
            case RESOLVED -> {
                log.info("Alert for canary check '{}' (id {}) resolved", check.name(), check.id());
                AlertState before = change.before();
                delivery.resolve(resultMessage(check, before.severity(), summary,
                        before.firedAt() == null ? now : before.firedAt()).resolved(now));
            }
            case NONE -> {
            }
        }
    }

    /** Fires a STALE alert once for each enabled check that stopped completing runs. */
    void sweepStale(List<CanaryCheck> checks, Instant now) {
        loadLastRuns();
        for (CanaryCheck check : checks) {
            if (forgotten.contains(check.id())) {
                continue;
            }
            if (isStale(check, lastRun.get(check.id()), startedAt, now) && staleFiring.putIfAbsent(check.id(), now) == null) {
                metrics.markStale(check);
                log.warn("Canary check '{}' (id {}) is stale: no completed run for {} s", check.name(), check.id(),
                        staleAfter(check).toSeconds());
                delivery.fire(staleMessage(check, "Canary check '" + check.name() + "' has not completed a run for "
                        + staleAfter(check).toSeconds() + " s", now));
            }
        }
    }

    void resendFiring() {
        delivery.resend();
    }

    /**
     * Resolves the alerts of a deleted or renamed check and drops its metrics, which carry the old name. A deleted
     * check is also kept out of the stale sweep, since the scheduler's list may still hold it for a few seconds.
     */
    void forget(CanaryCheck check, boolean deleted) {
        Instant now = Instant.now(clock);
        if (deleted) {
            forgotten.add(check.id());
        }
        Instant staleSince = staleFiring.remove(check.id());
        if (staleSince != null) {
            delivery.resolve(staleMessage(check, "Canary check '" + check.name() + "' was deleted or renamed", staleSince)
                    .resolved(now));
        }
        repository.alertState(check.id()).filter(AlertState::firing).ifPresent(state ->
                delivery.resolve(resultMessage(check, state.severity(), "Canary check '" + check.name()
                        + "' was deleted or renamed", state.firedAt() == null ? now : state.firedAt()).resolved(now)));
        lastRun.remove(check.id());
        metrics.forget(check.id());
    }

    boolean isDeleted(long checkId) {
        return forgotten.contains(checkId);
    }

    void scheduleDelay(Duration delay) {
        metrics.scheduleDelay(delay);
    }

    private void loadLastRuns() {
        if (!lastRunsLoaded) {
            repository.latestResults().forEach((id, result) -> lastRun.putIfAbsent(id, result.startedAt()));
            lastRunsLoaded = true;
        }
    }

    private AlertMessage resultMessage(CanaryCheck check, CanaryStatus severity, String summary, Instant startsAt) {
        String label = severity == null || severity == CanaryStatus.OK || severity == CanaryStatus.STALE
                ? "warning" : AlertMessage.severityOf(severity);
        return new AlertMessage(check.name(), check.type(), label, settings.current().clusterName(), summary, startsAt, null,
                true, AlertMessage.Kind.RESULT);
    }

    private AlertMessage staleMessage(CanaryCheck check, String summary, Instant startsAt) {
        return new AlertMessage(check.name(), check.type(), AlertMessage.STALE_SEVERITY, settings.current().clusterName(),
                summary, startsAt, null, true, AlertMessage.Kind.STALE);
    }

    private static Instant latest(Instant first, Instant second) {
        return first.isAfter(second) ? first : second;
    }
}
