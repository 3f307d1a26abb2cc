package io.wem.settings;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.wem.config.WemConfig;

/** The model of the Settings tab and of {@code GET /api/v1/settings}: values without secrets, with their source and state. */
final class SettingsView {

    /** Settings that the API returns as JSON numbers. */
    static final Set<SettingKey> NUMERIC = EnumSet.of(SettingKey.WHPG_PORT, SettingKey.PORT,
            SettingKey.SESSION_IDLE_TIMEOUT_MINUTES, SettingKey.LOG_MIN_DURATION_STATEMENT, SettingKey.LOCKOUT_THRESHOLD,
            SettingKey.LOCKOUT_WINDOW_MINUTES, SettingKey.LOCKOUT_DURATION_MINUTES, SettingKey.PASSWORD_MIN_LENGTH,
            SettingKey.AUDIT_RETENTION_DAYS);

    private SettingsView() {
    }

    /** One form field. {@code value} is empty for the password, which is never sent to the browser. */
    record Field(SettingKey key, String value, SettingSource source, boolean pending, String running, boolean secretSet,
                 boolean unreadable, List<String> choices) {

        public String name() {
            return key.jsonName();
        }

        public String label() {
            return key.label();
        }

        public boolean readOnly() {
            return source.readOnly();
        }

        public boolean restartRequired() {
            return key.restartRequired();
        }

        public boolean secret() {
            return key.secret();
        }

        public boolean numeric() {
            return NUMERIC.contains(key);
        }

        public String allowed() {
            return key.allowed();
        }
    }

    /** A section of the form with its fields in page order. */
    record Group(SettingKey.Group group, List<Field> fields) {

        public String label() {
            return group.label();
        }

        public String id() {
            return group.name().toLowerCase();
        }
    }

    static List<Group> groups(SettingsStore store, Map<String, String> submitted) {
        Settings current = store.current();
        Map<SettingKey, SettingsStore.PendingChange> pending = new LinkedHashMap<>();
        store.pendingRestart().forEach(change -> pending.put(change.key(), change));

        List<Group> groups = new ArrayList<>();
        for (SettingKey.Group group : SettingKey.Group.values()) {
            List<Field> fields = new ArrayList<>();
            for (SettingKey key : SettingKey.values()) {
                if (key.group() != group) {
                    continue;
                }
                String value = key.secret() ? "" : submitted.getOrDefault(key.jsonName(), current.text(key));
                SettingsStore.PendingChange change = pending.get(key);
                fields.add(new Field(key, value == null ? "" : value, store.source(key), change != null,
                        change == null ? null : change.running(), current.text(key) != null,
                        store.unreadableSecrets().contains(key), choices(key)));
            }
            groups.add(new Group(group, fields));
        }
        return groups;
    }

    /** Builds the API's body: each value by its JSON name, then sources, restart state and unreadable secrets. */
    static Map<String, Object> api(SettingsStore store, String clusterLogMinDurationStatement) {
        Settings current = store.current();
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (SettingKey key : SettingKey.values()) {
            String value = current.text(key);
            if (key.secret()) {
                body.put(key.jsonName() + "Set", value != null);
            } else if (value != null && NUMERIC.contains(key)) {
                body.put(key.jsonName(), Integer.valueOf(value));
            } else {
                body.put(key.jsonName(), value);
            }
            sources.put(key.jsonName(), store.source(key).name());
        }
        body.put("sources", sources);
        body.put("restartRequired", java.util.Arrays.stream(SettingKey.values())
                .filter(SettingKey::restartRequired).map(SettingKey::jsonName).toList());
        List<Map<String, Object>> pending = new ArrayList<>();
        for (SettingsStore.PendingChange change : store.pendingRestart()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("field", change.key().jsonName());
            item.put("running", change.running());
            item.put("next", change.next());
            pending.add(item);
        }
        body.put("pendingRestart", pending);
        body.put("unreadableSecrets", store.unreadableSecrets().stream().map(SettingKey::jsonName).toList());
        body.put("clusterLogMinDurationStatement", clusterLogMinDurationStatement);
        return body;
    }

    private static List<String> choices(SettingKey key) {
        return switch (key) {
            case WHPG_SSL_MODE -> WemConfig.SSL_MODES;
            case CLUSTER_ENVIRONMENT -> WemConfig.ENVIRONMENTS;
            default -> List.of();
        };
    }
}
