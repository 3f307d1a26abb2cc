package io.wem.config;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every parameter that {@code wem.conf} and the environment may set. The names follow WEM's
 * {@code wem.conf} so that an existing file works unchanged; parameters added by this project start
 * with {@code WEM_}. docs/configuration.md describes each one.
 */
public enum ConfigParameter {
    WHPG_HOST, WHPG_PORT, WHPG_DATABASE, WHPG_USER, WHPG_PASSWORD(true), WHPG_SSLMODE,
    WEM_HOST, WEM_PORT, WEM_DATABASE, WEM_USER, WEM_PASSWORD(true), WEM_DATA_DIR,
    PORT, WEM_BIND_ADDRESS,
    PROMETHEUS_URL, LOKI_URL, ALERTMANAGER_URL, LOG_MIN_DURATION_STATEMENT,
    WEM_COOKIE_SECRET(true), WEM_INSECURE_COOKIES, WEM_SESSION_IDLE_TIMEOUT,
    WEM_ADMIN_PASSWORD(true), WEM_ADMIN_PASSWORD_FILE,
    WEM_LOCKOUT_THRESHOLD, WEM_LOCKOUT_WINDOW, WEM_LOCKOUT_DURATION, WEM_PASSWORD_MIN_LENGTH, WEM_AUDIT_RETENTION_DAYS,
    WEM_ACTION_PERMISSIONS_ENABLED, WEM_CLUSTER_NAME, WEM_CLUSTER_ENVIRONMENT, WEM_CLUSTER_FLAVOR,
    WEM_CANARY_RETENTION_DAYS, WEM_CANARY_WEBHOOK_URL, WEM_LONG_RUNNING_THRESHOLD,
    WEM_SLOW_QUERY_POLL, WEM_SLOW_QUERY_RETENTION_DAYS,
    WHPG_ALLOW_ROOT;

    private final boolean secret;

    ConfigParameter() {
        this(false);
    }

    ConfigParameter(boolean secret) {
        this.secret = secret;
    }

    public boolean isSecret() {
        return secret;
    }

    public static Set<String> names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    }
}
