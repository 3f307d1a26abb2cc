package io.wem.settings;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import io.wem.config.Secret;
import io.wem.config.WemConfig;

/**
 * An immutable set of effective setting values, as normalized text (null for an empty optional value), with typed
 * accessors for the features that use them. {@link #toString} leaves out the cluster password.
 */
public final class Settings {

    private final Map<SettingKey, String> values;

    Settings(Map<SettingKey, String> values) {
        EnumMap<SettingKey, String> copy = new EnumMap<>(SettingKey.class);
        copy.putAll(values);
        this.values = Collections.unmodifiableMap(copy);
    }

    /** Returns the value as text, or null when it is empty; never call this for a secret shown to anyone. */
    public String text(SettingKey key) {
        return values.get(key);
    }

    public int integer(SettingKey key) {
        return Integer.parseInt(values.get(key));
    }

    Map<SettingKey, String> asMap() {
        return values;
    }

    /** Returns the cluster connection with the flavor that WEM_CLUSTER_FLAVOR gave, which is not a setting. */
    public WemConfig.ClusterConnectionConfig cluster(String flavor) {
        String password = text(SettingKey.WHPG_PASSWORD);
        return new WemConfig.ClusterConnectionConfig(text(SettingKey.WHPG_HOST), integer(SettingKey.WHPG_PORT),
                text(SettingKey.WHPG_DATABASE), text(SettingKey.WHPG_USER),
                password == null ? Secret.NONE : new Secret(password), text(SettingKey.WHPG_SSL_MODE), flavor);
    }

    public int port() {
        return integer(SettingKey.PORT);
    }

    public String clusterName() {
        return text(SettingKey.CLUSTER_NAME);
    }

    public String clusterEnvironment() {
        return text(SettingKey.CLUSTER_ENVIRONMENT);
    }

    public Duration sessionIdleTimeout() {
        return Duration.ofMinutes(integer(SettingKey.SESSION_IDLE_TIMEOUT_MINUTES));
    }

    public String prometheusUrl() {
        return text(SettingKey.PROMETHEUS_URL);
    }

    public String lokiUrl() {
        return text(SettingKey.LOKI_URL);
    }

    public String alertmanagerUrl() {
        return text(SettingKey.ALERTMANAGER_URL);
    }

    /** Returns the requested log_min_duration_statement in milliseconds, or null to leave the cluster's value alone. */
    public Integer logMinDurationStatement() {
        String value = text(SettingKey.LOG_MIN_DURATION_STATEMENT);
        return value == null ? null : Integer.valueOf(value);
    }

    public WemConfig.AccountPolicy accountPolicy() {
        return new WemConfig.AccountPolicy(integer(SettingKey.LOCKOUT_THRESHOLD),
                Duration.ofMinutes(integer(SettingKey.LOCKOUT_WINDOW_MINUTES)),
                Duration.ofMinutes(integer(SettingKey.LOCKOUT_DURATION_MINUTES)),
                integer(SettingKey.PASSWORD_MIN_LENGTH));
    }

    public int auditRetentionDays() {
        return integer(SettingKey.AUDIT_RETENTION_DAYS);
    }

    @Override
    public String toString() {
        Map<SettingKey, String> shown = new EnumMap<>(values);
        shown.computeIfPresent(SettingKey.WHPG_PASSWORD, (key, value) -> "******");
        return "Settings" + shown;
    }
}
