package io.wem.settings;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.wem.access.SignedInUser;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.cluster.StatementLogging;
import io.wem.config.WemConfig;
import io.wem.web.WemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Saving settings: every field is checked before anything is written, the rows and one {@code UPDATE_SETTINGS} audit
 * event commit together, and then log_min_duration_statement is applied to the cluster when it was requested.
 */
@Service
public class SettingsService {

    static final String SECRET_CHANGED = "changed";
    private static final Logger log = LoggerFactory.getLogger(SettingsService.class);

    private final SettingsStore store;
    private final AuditService audit;
    private final TransactionTemplate transaction;
    private final StatementLogging statementLogging;
    private final ConnectionTester tester;
    private final String flavor;

    SettingsService(SettingsStore store, AuditService audit, TransactionTemplate transaction, StatementLogging statementLogging,
                    ConnectionTester tester, WemConfig config) {
        this.tester = tester;
        this.flavor = config.cluster().flavor();
        this.store = store;
        this.audit = audit;
        this.transaction = transaction;
        this.statementLogging = statementLogging;
    }

    /** The settings a save changed, and the outcome of applying log_min_duration_statement (null when not applied). */
    public record SaveResult(List<SettingKey> changed, StatementLogging.Outcome statementLogging) {
    }

    /**
     * Checks every field in {@code request} (JSON names to values; null or empty clears an optional value and keeps
     * the password) and saves the ones that differ, or throws a 400 naming each invalid field and saves nothing.
     */
    public SaveResult update(SignedInUser actor, Map<String, ?> request) {
        Map<SettingKey, String> requested = validate(request, true);

        Map<SettingKey, String> changes = new EnumMap<>(SettingKey.class);
        Settings current = store.current();
        requested.forEach((key, value) -> {
            // An empty secret keeps the saved one; JSON null (API only) removes it, for clusters that need no password.
            if (key.secret() && value == null && !(request.containsKey(key.jsonName()) && request.get(key.jsonName()) == null)) {
                return;
            }
            if (!Objects.equals(current.text(key), value) || store.unreadableSecrets().contains(key)) {
                changes.put(key, value);
            }
        });

        if (!changes.isEmpty()) {
            Map<SettingKey, String> rows = new EnumMap<>(SettingKey.class);
            // A value equal to the one WEM would use anyway removes the row, so its source shows as "default" again.
            changes.forEach((key, value) -> rows.put(key, Objects.equals(value, store.startupValue(key)) && !key.secret() ? null : value));
            transaction.executeWithoutResult(status -> {
                store.write(rows, actor.username());
                audit.record(AuditEvent.Draft.success(AuditEventType.UPDATE_SETTINGS, actor.id(), actor.username())
                        .target("settings", null, "Settings")
                        .details(Map.of("changes", auditChanges(current, changes))));
            });
            store.reload();
            log.info("User {} (id {}) changed the settings {}", actor.username(), actor.id(),
                    changes.keySet().stream().map(SettingKey::jsonName).toList());
        }

        StatementLogging.Outcome outcome = null;
        Integer logMin = store.current().logMinDurationStatement();
        if (requested.containsKey(SettingKey.LOG_MIN_DURATION_STATEMENT) && logMin != null
                && (changes.containsKey(SettingKey.LOG_MIN_DURATION_STATEMENT) || !clusterAlreadyUses(logMin))) {
            outcome = statementLogging.apply(logMin);
        }
        return new SaveResult(List.copyOf(changes.keySet()), outcome);
    }

    /**
     * Returns the normalized value of each requested field, or throws one 400 that lists every invalid field. A save
     * also rejects fields that wem.conf or the environment sets; a test of candidate values does not.
     */
    Map<SettingKey, String> validate(Map<String, ?> request, boolean forSave) {
        Map<SettingKey, String> values = new EnumMap<>(SettingKey.class);
        Map<String, String> errors = new LinkedHashMap<>();
        request.forEach((name, raw) -> {
            SettingKey key = SettingKey.fromJsonName(name);
            if (key == null) {
                errors.put(name, "Unknown setting '" + name + "'; the settings are " + allNames());
                return;
            }
            SettingSource source = store.source(key);
            if (forSave && source.readOnly()) {
                errors.put(name, key.label() + " is " + source.note() + " (" + key.parameter().name()
                        + "), which wins over Settings; change it there and restart WEM");
                return;
            }
            String problem = key.secret() && raw != null && !(raw instanceof String)
                    ? "must be a string" : checkType(raw);
            if (problem != null) {
                errors.put(name, key.label() + " " + problem);
                return;
            }
            try {
                values.put(key, key.rule().normalize(raw == null ? null : raw.toString()));
            } catch (SettingRule.InvalidSettingException e) {
                errors.put(name, key.label() + " " + e.getMessage());
            }
        });
        if (!errors.isEmpty()) {
            throw WemException.invalid(errors);
        }
        return values;
    }

    /** Returns the message for one field without saving anything, or null when the value is valid. */
    public String check(String name, String value) {
        try {
            validate(Map.of(name, value == null ? "" : value), true);
            return null;
        } catch (WemException e) {
            return e.fields().getOrDefault(name, e.getMessage());
        }
    }

    /**
     * Runs a Test button: the candidate values in {@code request} (JSON names; missing or empty password means the
     * saved one) over the current settings, checked first like a save, then tried without saving anything.
     */
    public ConnectionTester.Result test(ConnectionTester.Target target, Map<String, ?> request) {
        Map<SettingKey, String> candidate = new EnumMap<>(store.current().asMap());
        validate(request, false).forEach((key, value) -> {
            if (!(key.secret() && value == null)) {
                candidate.put(key, value);
            }
        });
        Settings values = new Settings(candidate);
        return switch (target) {
            case CLUSTER -> tester.cluster(values.cluster(flavor));
            case PROMETHEUS -> tester.http(target, values.prometheusUrl());
            case LOKI -> tester.http(target, values.lokiUrl());
            case ALERTMANAGER -> tester.http(target, values.alertmanagerUrl());
        };
    }

    private static String checkType(Object raw) {
        if (raw == null || raw instanceof String || raw instanceof Integer || raw instanceof Long) {
            return null;
        }
        String kind = raw instanceof Boolean ? "a boolean" : raw instanceof Number ? "the number " + raw
                : raw instanceof java.util.Collection<?> ? "a list" : raw instanceof Map<?, ?> ? "an object" : "another type";
        return "must be a string or a whole number, got " + kind;
    }

    private boolean clusterAlreadyUses(int milliseconds) {
        try {
            return StatementLogging.toMilliseconds(statementLogging.effective()) == milliseconds;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static Map<String, Object> auditChanges(Settings before, Map<SettingKey, String> changes) {
        Map<String, Object> details = new LinkedHashMap<>();
        changes.forEach((key, value) -> {
            if (key.secret()) {
                details.put(key.jsonName(), SECRET_CHANGED);
            } else {
                Map<String, String> change = new LinkedHashMap<>();
                change.put("old", before.text(key));
                change.put("new", value);
                details.put(key.jsonName(), change);
            }
        });
        return details;
    }

    private static String allNames() {
        List<String> names = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            names.add(key.jsonName());
        }
        return String.join(", ", names);
    }
}
