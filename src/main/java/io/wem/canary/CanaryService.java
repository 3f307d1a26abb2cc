package io.wem.canary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.wem.access.SignedInUser;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.config.WemConfig;
import io.wem.web.WemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Canary check use cases shared by the pages and the API: list with status, create, change, delete, run now, test
 * before saving, and switching the scheduler. Every change is audited in the transaction that makes it.
 */
@Service
public class CanaryService implements ApplicationRunner {

    static final int PURGE_BATCH = 5_000;
    private static final Logger log = LoggerFactory.getLogger(CanaryService.class);

    private final CanaryRepository repository;
    private final CanaryEngine engine;
    private final CanaryRecorder recorder;
    private final AuditService audit;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final int retentionDays;

    CanaryService(CanaryRepository repository, CanaryEngine engine, CanaryRecorder recorder, AuditService audit,
                  TransactionTemplate transaction, Clock clock, WemConfig config) {
        this.repository = repository;
        this.engine = engine;
        this.recorder = recorder;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
        this.retentionDays = config.canaryRetentionDays();
    }

    /** Creates the system checks that are missing, on every start, so an upgrade adds new ones too. */
    @Override
    public void run(ApplicationArguments arguments) {
        List<CanaryCheck> existing = repository.findAll();
        Instant now = Instant.now(clock);
        for (SystemCheck system : SystemCheck.values()) {
            boolean present = existing.stream().anyMatch(check -> check.system() && check.type() == system.type);
            if (!present) {
                try {
                    CheckDefinition defaults = CheckRequests.defaults(system.type);
                    CheckDefinition definition = new CheckDefinition(system.type.label(), system.type, null, null,
                            defaults.intervalSeconds(), defaults.timeoutSeconds(), system.warningMs, system.criticalMs, null,
                            null, defaults.warningThreshold(), defaults.criticalThreshold(), 0, 2, 2, true);
                    repository.insert(definition, true, now);
                    log.info("Created the system canary check '{}'", definition.name());
                } catch (DuplicateKeyException e) {
                    log.info("System canary check '{}' exists already (created by another instance)", system.type.label());
                }
            }
        }
        engine.checksChanged(null);
    }

    /** The checks that WEM creates itself; they may be tuned and disabled but not renamed or deleted. */
    enum SystemCheck {
        CONNECTIVITY(CheckType.CONNECTIVITY, 1000, 5000),
        SEGMENT_HEALTH(CheckType.SEGMENT_HEALTH, null, null),
        REPLICATION(CheckType.REPLICATION, null, null),
        ACTIVE_CONNECTIONS(CheckType.ACTIVE_CONNECTIONS, null, null),
        XID_AGE(CheckType.XID_AGE, null, null);

        private final CheckType type;
        private final Integer warningMs;
        private final Integer criticalMs;

        SystemCheck(CheckType type, Integer warningMs, Integer criticalMs) {
            this.type = type;
            this.warningMs = warningMs;
            this.criticalMs = criticalMs;
        }
    }

    public List<CheckView> list() {
        Instant now = Instant.now(clock);
        Map<Long, CanaryResult> latest = repository.latestResults();
        java.util.Set<Long> firing = repository.firingCheckIds();
        List<CheckView> views = new ArrayList<>();
        for (CanaryCheck check : repository.findAll()) {
            views.add(view(check, latest.get(check.id()), firing.contains(check.id()), now));
        }
        return views;
    }

    public CheckView get(long id) {
        CanaryCheck check = find(id);
        return view(check, repository.latestResults().get(id), repository.firingCheckIds().contains(id), Instant.now(clock));
    }

    CanaryCheck find(long id) {
        return repository.findById(id).orElseThrow(() -> WemException.notFound("No canary check with id " + id));
    }

    public CheckView create(SignedInUser actor, Map<String, ?> body) {
        if (body.get("name") == null) {
            throw WemException.invalid("name", "Name is required: 1 to 100 characters");
        }
        if (body.get("type") == null) {
            throw WemException.invalid("type", "Type is required: one of CONNECTIVITY, QUERY, SEGMENT_HEALTH, REPLICATION, "
                    + "ACTIVE_CONNECTIONS, XID_AGE");
        }
        CheckType requested = body.get("type") instanceof String text ? parseType(text) : null;
        CheckDefinition definition = CheckRequests.apply(CheckRequests.defaults(requested == null ? CheckType.QUERY : requested),
                body, false);
        requireUniqueName(definition.name(), null);
        Instant now = Instant.now(clock);
        long id = transaction.execute(status -> {
            long created = repository.insert(definition, false, now);
            audit.record(AuditEvent.Draft.success(AuditEventType.CREATE_CANARY_CHECK, actor.id(), actor.username())
                    .target("canary_check", Long.toString(created), definition.name())
                    .details(definitionDetails(definition)));
            return created;
        });
        engine.checksChanged(id);
        log.info("User {} created canary check '{}' (id {})", actor.username(), definition.name(), id);
        return get(id);
    }

    public CheckView update(SignedInUser actor, long id, Map<String, ?> body) {
        CanaryCheck existing = find(id);
        CheckDefinition before = CheckDefinition.of(existing);
        CheckDefinition after = CheckRequests.apply(before, body, existing.system());
        requireUniqueName(after.name(), id);
        Map<String, Object> diff = diff(before, after);
        if (!diff.isEmpty()) {
            transaction.executeWithoutResult(status -> {
                repository.update(id, after, Instant.now(clock));
                audit.record(AuditEvent.Draft.success(AuditEventType.UPDATE_CANARY_CHECK, actor.id(), actor.username())
                        .target("canary_check", Long.toString(id), after.name())
                        .details(Map.of("changes", diff)));
            });
            engine.checksChanged(id);
            if (!before.name().equals(after.name())) {
                recorder.forget(existing, false);
            }
            log.info("User {} changed canary check '{}' (id {}): {}", actor.username(), after.name(), id, diff.keySet());
        }
        return get(id);
    }

    public void delete(SignedInUser actor, long id) {
        CanaryCheck existing = find(id);
        if (existing.system()) {
            throw WemException.conflict("System check '" + existing.name() + "' cannot be deleted; disable it instead");
        }
        transaction.executeWithoutResult(status -> {
            repository.delete(id);
            audit.record(AuditEvent.Draft.success(AuditEventType.DELETE_CANARY_CHECK, actor.id(), actor.username())
                    .target("canary_check", Long.toString(id), existing.name())
                    .details(definitionDetails(CheckDefinition.of(existing))));
        });
        recorder.forget(existing, true);
        engine.checksChanged(id);
        log.info("User {} deleted canary check '{}' (id {})", actor.username(), existing.name(), id);
    }

    /** Runs a saved check now and records the result like a scheduled run; 409 when a run is already under way. */
    public CanaryResult runNow(SignedInUser actor, long id) {
        CanaryCheck check = find(id);
        CanaryResult outcome = engine.runNow(check);
        if (outcome == null) {
            throw WemException.conflict("Check '" + check.name() + "' is running now; its result appears when the run ends");
        }
        transaction.executeWithoutResult(status -> audit.record(
                AuditEvent.Draft.success(AuditEventType.RUN_CANARY_CHECK, actor.id(), actor.username())
                        .target("canary_check", Long.toString(id), check.name())
                        .details(Map.of("status", outcome.status().name(), "durationMs", outcome.durationMs()))));
        return outcome;
    }

    /** Runs a definition that is not saved (the form's "Test now"); nothing is stored or audited. */
    public CheckOutcome test(Map<String, ?> body, Long existingId) {
        CheckDefinition base = existingId == null
                ? CheckRequests.defaults(body.get("type") instanceof String text && parseType(text) != null ? parseType(text) : CheckType.QUERY)
                : CheckDefinition.of(find(existingId));
        boolean system = existingId != null && find(existingId).system();
        Map<String, Object> named = new LinkedHashMap<>(body);
        named.putIfAbsent("name", base.name().isEmpty() ? "Test" : base.name());
        CheckDefinition definition = CheckRequests.apply(base, named, system);
        return engine.test(definition.unsaved(Instant.now(clock)));
    }

    public List<CanaryResult> results(Long checkId, CanaryStatus status, Instant from, Instant to, Long beforeId, int limit) {
        if (checkId != null) {
            find(checkId);
        }
        return repository.results(checkId, status, from, to, beforeId, limit);
    }

    public boolean schedulerRunning() {
        return engine.schedulerRunning();
    }

    public boolean isLeader() {
        return engine.isLeader();
    }

    public void setScheduler(SignedInUser actor, boolean running) {
        transaction.executeWithoutResult(status -> {
            repository.setSchedulerRunning(running, actor.username(), Instant.now(clock));
            audit.record(AuditEvent.Draft.success(running ? AuditEventType.START_SCHEDULER : AuditEventType.STOP_SCHEDULER,
                    actor.id(), actor.username()).target("canary_scheduler", null, "Canary scheduler"));
        });
        engine.setSchedulerRunning(running);
        log.info("User {} {} the canary scheduler", actor.username(), running ? "started" : "stopped");
    }

    /** Deletes results older than WEM_CANARY_RETENTION_DAYS, in batches, every night. */
    @Scheduled(cron = "0 37 3 * * *")
    void purgeDaily() {
        purge();
    }

    long purge() {
        Instant cutoff = Instant.now(clock).minus(Duration.ofDays(retentionDays));
        long deleted = 0;
        int batch;
        do {
            batch = repository.purgeResults(cutoff, PURGE_BATCH);
            deleted += batch;
        } while (batch == PURGE_BATCH);
        if (deleted > 0) {
            log.info("Deleted {} canary results older than {} days", deleted, retentionDays);
        }
        return deleted;
    }

    private CheckView view(CanaryCheck check, CanaryResult latest, boolean firing, Instant now) {
        CanaryStatus status = latest == null ? null : latest.status();
        if (CanaryRecorder.isStale(check, latest == null ? null : latest.startedAt(), recorder.startedAt(), now)) {
            status = CanaryStatus.STALE;
            String last = latest == null ? "no run yet" : "last run " + latest.startedAt() + ", " + latest.status();
            latest = new CanaryResult(latest == null ? 0 : latest.id(), check.id(), latest == null ? null : latest.startedAt(),
                    CanaryStatus.STALE, latest == null ? 0 : latest.durationMs(), null,
                    "No completed run for " + CanaryRecorder.staleAfter(check).toSeconds() + " s (" + last + ")");
        }
        return CheckView.of(check, latest, status, check.enabled() ? engine.nextRun(check.id()) : null, firing);
    }

    private void requireUniqueName(String name, Long ownId) {
        repository.findByNameIgnoringCase(name).filter(other -> !Objects.equals(other.id(), ownId)).ifPresent(other -> {
            throw WemException.invalid("name", "A canary check named '" + other.name() + "' exists already; names must "
                    + "differ in more than letter case");
        });
    }

    private static CheckType parseType(String text) {
        try {
            return CheckType.valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, Object> definitionDetails(CheckDefinition definition) {
        Map<String, Object> details = new LinkedHashMap<>();
        definitionFields(definition).forEach(details::put);
        return details;
    }

    private static Map<String, Object> diff(CheckDefinition before, CheckDefinition after) {
        Map<String, Object> oldValues = definitionFields(before);
        Map<String, Object> newValues = definitionFields(after);
        Map<String, Object> diff = new LinkedHashMap<>();
        newValues.forEach((field, value) -> {
            if (!Objects.equals(oldValues.get(field), value)) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("old", oldValues.get(field));
                change.put("new", value);
                diff.put(field, change);
            }
        });
        return diff;
    }

    static Map<String, Object> definitionFields(CheckDefinition definition) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", definition.name());
        fields.put("type", definition.type().name());
        fields.put("database", definition.database());
        fields.put("sql", definition.sql());
        fields.put("intervalSeconds", definition.intervalSeconds());
        fields.put("timeoutSeconds", definition.timeoutSeconds());
        fields.put("warningMs", definition.warningMs());
        fields.put("criticalMs", definition.criticalMs());
        fields.put("warningLagBytes", definition.warningLagBytes());
        fields.put("criticalLagBytes", definition.criticalLagBytes());
        fields.put("warningThreshold", definition.warningThreshold());
        fields.put("criticalThreshold", definition.criticalThreshold());
        fields.put("expectedReplicas", definition.expectedReplicas());
        fields.put("failuresBeforeAlert", definition.failuresBeforeAlert());
        fields.put("successesBeforeResolve", definition.successesBeforeResolve());
        fields.put("enabled", definition.enabled());
        return fields;
    }
}
