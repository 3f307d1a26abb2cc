package io.wem.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * WEM's validated start-up configuration, read from {@code wem.conf} and the environment (which wins).
 * {@link #load} reports every invalid parameter at once through {@link InvalidConfigurationException}.
 */
public record WemConfig(
        ClusterConnectionConfig cluster,
        StateStoreConfig stateStore,
        Path dataDir,
        int port,
        String bindAddress,
        String prometheusUrl,
        String lokiUrl,
        String alertmanagerUrl,
        Integer logMinDurationStatement,
        Secret cookieSecret,
        boolean insecureCookies,
        Duration sessionIdleTimeout,
        Secret adminPassword,
        Path adminPasswordFile,
        AccountPolicy accountPolicy,
        int auditRetentionDays,
        boolean actionPermissionsEnabled,
        String clusterName,
        String clusterEnvironment,
        int canaryRetentionDays,
        String canaryWebhookUrl,
        int longRunningThresholdMinutes,
        Duration slowQueryPoll,
        int slowQueryRetentionDays,
        boolean allowRoot) {

    public static final int MIN_COOKIE_SECRET_LENGTH = 32;
    public static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    public static final List<String> ENVIRONMENTS = List.of("dev", "uat", "prod");
    public static final List<String> FLAVORS = List.of("auto", "postgresql", "whpg6", "whpg7", "greenplum6", "greenplum7");

    /** Connection to the monitored cluster's coordinator. */
    public record ClusterConnectionConfig(
            String host, int port, String database, String user, Secret password, String sslMode, String flavor) {
    }

    /**
     * Sign-in lockout and password rules. A lockout duration of zero locks an account until an Admin unlocks it.
     * The window is counted from the first failure of a run of failures.
     */
    public record AccountPolicy(int lockoutThreshold, Duration lockoutWindow, Duration lockoutDuration, int passwordMinLength) {
    }

    /** WEM's own state database: PostgreSQL when {@code host} is set, else an H2 file under the data directory. */
    public record StateStoreConfig(String host, int port, String database, String user, Secret password) {

        public boolean isPostgres() {
            return host != null;
        }
    }

    public static WemConfig load(Function<String, String> lookup) {
        ConfigReader reader = new ConfigReader(lookup);

        ClusterConnectionConfig cluster = new ClusterConnectionConfig(
                reader.host(ConfigParameter.WHPG_HOST, "localhost"),
                reader.integer(ConfigParameter.WHPG_PORT, 5432, 1, 65535),
                reader.text(ConfigParameter.WHPG_DATABASE, "postgres"),
                reader.text(ConfigParameter.WHPG_USER, "gpadmin"),
                reader.secret(ConfigParameter.WHPG_PASSWORD),
                reader.oneOf(ConfigParameter.WHPG_SSLMODE, "prefer", SSL_MODES),
                reader.oneOf(ConfigParameter.WEM_CLUSTER_FLAVOR, "auto", FLAVORS));

        StateStoreConfig stateStore = new StateStoreConfig(
                reader.host(ConfigParameter.WEM_HOST, null),
                reader.integer(ConfigParameter.WEM_PORT, 5432, 1, 65535),
                identifier(reader, ConfigParameter.WEM_DATABASE, "wem"),
                reader.text(ConfigParameter.WEM_USER, "wem"),
                reader.secret(ConfigParameter.WEM_PASSWORD));

        Path dataDir = dataDir(reader);
        String bindAddress = reader.raw(ConfigParameter.WEM_BIND_ADDRESS) == null
                ? null : reader.host(ConfigParameter.WEM_BIND_ADDRESS, null);

        Secret cookieSecret = reader.secret(ConfigParameter.WEM_COOKIE_SECRET);
        if (!cookieSecret.isSet()) {
            reader.problems().add("WEM_COOKIE_SECRET is missing: set it to a random value of at least "
                    + MIN_COOKIE_SECRET_LENGTH + " characters, for example the output of 'openssl rand -base64 48'");
        } else if (cookieSecret.reveal().length() < MIN_COOKIE_SECRET_LENGTH) {
            reader.problem(ConfigParameter.WEM_COOKIE_SECRET, "", "must be at least "
                    + MIN_COOKIE_SECRET_LENGTH + " characters long, got " + cookieSecret.reveal().length());
        }

        String adminPasswordFile = reader.raw(ConfigParameter.WEM_ADMIN_PASSWORD_FILE);

        WemConfig config = new WemConfig(
                cluster,
                stateStore,
                dataDir,
                reader.integer(ConfigParameter.PORT, 8080, 1, 65535),
                bindAddress,
                reader.url(ConfigParameter.PROMETHEUS_URL),
                reader.url(ConfigParameter.LOKI_URL),
                reader.url(ConfigParameter.ALERTMANAGER_URL),
                reader.optionalInteger(ConfigParameter.LOG_MIN_DURATION_STATEMENT, -1, Integer.MAX_VALUE),
                cookieSecret,
                reader.bool(ConfigParameter.WEM_INSECURE_COOKIES, false),
                Duration.ofMinutes(reader.integer(ConfigParameter.WEM_SESSION_IDLE_TIMEOUT, 30, 1, 1440)),
                reader.secret(ConfigParameter.WEM_ADMIN_PASSWORD),
                adminPasswordFile == null ? null : Path.of(adminPasswordFile),
                new AccountPolicy(
                        reader.integer(ConfigParameter.WEM_LOCKOUT_THRESHOLD, 5, 1, 100),
                        Duration.ofMinutes(reader.integer(ConfigParameter.WEM_LOCKOUT_WINDOW, 15, 1, 1440)),
                        Duration.ofMinutes(reader.integer(ConfigParameter.WEM_LOCKOUT_DURATION, 15, 0, 10080)),
                        reader.integer(ConfigParameter.WEM_PASSWORD_MIN_LENGTH, 12, 8, 128)),
                reader.integer(ConfigParameter.WEM_AUDIT_RETENTION_DAYS, 365, 30, 36500),
                reader.bool(ConfigParameter.WEM_ACTION_PERMISSIONS_ENABLED, true),
                reader.text(ConfigParameter.WEM_CLUSTER_NAME, "WarehousePG"),
                reader.oneOf(ConfigParameter.WEM_CLUSTER_ENVIRONMENT, null, ENVIRONMENTS),
                reader.integer(ConfigParameter.WEM_CANARY_RETENTION_DAYS, 14, 1, 3650),
                reader.url(ConfigParameter.WEM_CANARY_WEBHOOK_URL),
                reader.integer(ConfigParameter.WEM_LONG_RUNNING_THRESHOLD, 10, 1, 10080),
                Duration.ofSeconds(reader.integer(ConfigParameter.WEM_SLOW_QUERY_POLL, 60, 5, 86400)),
                reader.integer(ConfigParameter.WEM_SLOW_QUERY_RETENTION_DAYS, 30, 1, 3650),
                reader.bool(ConfigParameter.WHPG_ALLOW_ROOT, false));

        if (!reader.problems().isEmpty()) {
            throw new InvalidConfigurationException(reader.problems());
        }
        return config;
    }

    private static Path dataDir(ConfigReader reader) {
        String value = reader.text(ConfigParameter.WEM_DATA_DIR, "./data");
        // The H2 JDBC URL is built from this path, and ';' would start a URL setting there.
        if (value.contains(";")) {
            reader.problem(ConfigParameter.WEM_DATA_DIR, value, "must not contain ';'");
            return Path.of("./data").toAbsolutePath().normalize();
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    private static String identifier(ConfigReader reader, ConfigParameter parameter, String defaultValue) {
        String value = reader.text(parameter, defaultValue);
        if (!value.matches("[A-Za-z_][A-Za-z0-9_$-]{0,62}")) {
            reader.problem(parameter, value, "must be 1 to 63 letters, digits, '_', '$' or '-', starting with a letter or '_'");
            return defaultValue;
        }
        return value;
    }
}
