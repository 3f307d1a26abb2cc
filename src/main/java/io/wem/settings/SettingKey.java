package io.wem.settings;

import java.util.Arrays;
import java.util.function.Function;

import io.wem.config.ConfigParameter;
import io.wem.config.WemConfig;

/**
 * Every setting that the Settings tab and {@code /api/v1/settings} can change, with its JSON name, the wem.conf
 * parameter that overrides it, its rule and the value WEM uses when nothing sets it (read from {@link WemConfig},
 * which applied the same defaults at start-up).
 */
public enum SettingKey {
    WHPG_HOST("whpgHost", ConfigParameter.WHPG_HOST, Group.CLUSTER, "Coordinator host", true,
            SettingRule.host(), config -> config.cluster().host()),
    WHPG_PORT("whpgPort", ConfigParameter.WHPG_PORT, Group.CLUSTER, "Coordinator port", true,
            SettingRule.integer(1, 65535), config -> Integer.toString(config.cluster().port())),
    WHPG_DATABASE("whpgDatabase", ConfigParameter.WHPG_DATABASE, Group.CLUSTER, "Database", true,
            SettingRule.text(63), config -> config.cluster().database()),
    WHPG_USER("whpgUser", ConfigParameter.WHPG_USER, Group.CLUSTER, "User", true,
            SettingRule.text(63), config -> config.cluster().user()),
    WHPG_PASSWORD("whpgPassword", ConfigParameter.WHPG_PASSWORD, Group.CLUSTER, "Password", true,
            SettingRule.secret(1000), config -> config.cluster().password().isSet() ? config.cluster().password().reveal() : null),
    WHPG_SSL_MODE("whpgSslMode", ConfigParameter.WHPG_SSLMODE, Group.CLUSTER, "SSL mode", true,
            SettingRule.choice(WemConfig.SSL_MODES, false), config -> config.cluster().sslMode()),
    PORT("port", ConfigParameter.PORT, Group.APPLICATION, "HTTP port", true,
            SettingRule.integer(1, 65535), config -> Integer.toString(config.port())),
    CLUSTER_NAME("clusterName", ConfigParameter.WEM_CLUSTER_NAME, Group.APPLICATION, "Cluster display name", false,
            SettingRule.text(100), WemConfig::clusterName),
    CLUSTER_ENVIRONMENT("clusterEnvironment", ConfigParameter.WEM_CLUSTER_ENVIRONMENT, Group.APPLICATION, "Environment", false,
            SettingRule.choice(WemConfig.ENVIRONMENTS, true), WemConfig::clusterEnvironment),
    SESSION_IDLE_TIMEOUT_MINUTES("sessionIdleTimeoutMinutes", ConfigParameter.WEM_SESSION_IDLE_TIMEOUT, Group.APPLICATION,
            "Session idle timeout (minutes)", false,
            SettingRule.integer(1, 1440), config -> Long.toString(config.sessionIdleTimeout().toMinutes())),
    PROMETHEUS_URL("prometheusUrl", ConfigParameter.PROMETHEUS_URL, Group.OBSERVABILITY, "Prometheus URL", false,
            SettingRule.url(), WemConfig::prometheusUrl),
    LOKI_URL("lokiUrl", ConfigParameter.LOKI_URL, Group.OBSERVABILITY, "Loki URL", false,
            SettingRule.url(), WemConfig::lokiUrl),
    ALERTMANAGER_URL("alertmanagerUrl", ConfigParameter.ALERTMANAGER_URL, Group.OBSERVABILITY, "Alertmanager URL", false,
            SettingRule.url(), WemConfig::alertmanagerUrl),
    LOG_MIN_DURATION_STATEMENT("logMinDurationStatement", ConfigParameter.LOG_MIN_DURATION_STATEMENT, Group.TELEMETRY,
            "Log min duration statement (ms)", false, SettingRule.optionalInteger(-1, Integer.MAX_VALUE),
            config -> config.logMinDurationStatement() == null ? null : config.logMinDurationStatement().toString()),
    LOCKOUT_THRESHOLD("lockoutThreshold", ConfigParameter.WEM_LOCKOUT_THRESHOLD, Group.SECURITY,
            "Lockout threshold (failed sign-ins)", false, SettingRule.integer(1, 100),
            config -> Integer.toString(config.accountPolicy().lockoutThreshold())),
    LOCKOUT_WINDOW_MINUTES("lockoutWindowMinutes", ConfigParameter.WEM_LOCKOUT_WINDOW, Group.SECURITY,
            "Lockout window (minutes)", false, SettingRule.integer(1, 1440),
            config -> Long.toString(config.accountPolicy().lockoutWindow().toMinutes())),
    LOCKOUT_DURATION_MINUTES("lockoutDurationMinutes", ConfigParameter.WEM_LOCKOUT_DURATION, Group.SECURITY,
            "Lockout duration (minutes, 0 = until unlocked)", false, SettingRule.integer(0, 10080),
            config -> Long.toString(config.accountPolicy().lockoutDuration().toMinutes())),
    PASSWORD_MIN_LENGTH("passwordMinLength", ConfigParameter.WEM_PASSWORD_MIN_LENGTH, Group.SECURITY,
            "Minimum password length", false, SettingRule.integer(8, 128),
            config -> Integer.toString(config.accountPolicy().passwordMinLength())),
    AUDIT_RETENTION_DAYS("auditRetentionDays", ConfigParameter.WEM_AUDIT_RETENTION_DAYS, Group.SECURITY,
            "Audit retention (days)", false, SettingRule.integer(30, 36500),
            config -> Integer.toString(config.auditRetentionDays()));

    /** The sections of the Settings tab, in page order. */
    public enum Group {
        CLUSTER("WHPG database connection"),
        APPLICATION("Application"),
        OBSERVABILITY("Observability"),
        TELEMETRY("Query telemetry"),
        SECURITY("Security");

        private final String label;

        Group(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final String jsonName;
    private final ConfigParameter parameter;
    private final Group group;
    private final String label;
    private final boolean restartRequired;
    private final SettingRule rule;
    private final Function<WemConfig, String> startupValue;

    SettingKey(String jsonName, ConfigParameter parameter, Group group, String label, boolean restartRequired,
               SettingRule rule, Function<WemConfig, String> startupValue) {
        this.jsonName = jsonName;
        this.parameter = parameter;
        this.group = group;
        this.label = label;
        this.restartRequired = restartRequired;
        this.rule = rule;
        this.startupValue = startupValue;
    }

    public String jsonName() {
        return jsonName;
    }

    public ConfigParameter parameter() {
        return parameter;
    }

    public Group group() {
        return group;
    }

    public String label() {
        return label;
    }

    /** True for values read once at start-up (the cluster connection and the HTTP port). */
    public boolean restartRequired() {
        return restartRequired;
    }

    public boolean secret() {
        return parameter.isSecret();
    }

    public String allowed() {
        return rule.allowed();
    }

    SettingRule rule() {
        return rule;
    }

    /** Returns the value that wem.conf, the environment or WEM's default gave at start-up, as text; null when unset. */
    String startupValue(WemConfig config) {
        return startupValue.apply(config);
    }

    public static SettingKey fromJsonName(String name) {
        return Arrays.stream(values()).filter(key -> key.jsonName.equals(name)).findFirst().orElse(null);
    }
}
