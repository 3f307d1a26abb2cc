package io.wem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WemConfigTest {

    private static final String SECRET = "a-cookie-secret-that-is-long-enough-for-wem";

    @Test
    void defaultsApplyWhenOnlySecretIsSet() {
        WemConfig config = load(Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.cluster().host()).isEqualTo("localhost");
        assertThat(config.cluster().port()).isEqualTo(5432);
        assertThat(config.cluster().sslMode()).isEqualTo("prefer");
        assertThat(config.stateStore().isPostgres()).isFalse();
        assertThat(config.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.insecureCookies()).isFalse();
        assertThat(config.actionPermissionsEnabled()).isTrue();
        assertThat(config.prometheusUrl()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "WHPG_PORT|70000|WHPG_PORT=70000 is invalid: must be between 1 and 65535",
            "WHPG_PORT|abc|WHPG_PORT=abc is invalid: must be a whole number between 1 and 65535",
            "PORT|0|PORT=0 is invalid: must be between 1 and 65535",
            "WHPG_SSLMODE|sometimes|WHPG_SSLMODE=sometimes is invalid: must be one of disable, allow, prefer, require, verify-ca, verify-full",
            "WHPG_HOST|bad host!|WHPG_HOST=bad host! is invalid: must be a host name or an IP address",
            "PROMETHEUS_URL|ftp://prom:9090|PROMETHEUS_URL=ftp://prom:9090 is invalid: must be an http:// or https:// URL",
            "LOKI_URL|http://user:pw@loki:3100|LOKI_URL=(URL with credentials) is invalid: must not contain a user name or password",
            "WEM_CLUSTER_ENVIRONMENT|staging|WEM_CLUSTER_ENVIRONMENT=staging is invalid: must be one of dev, uat, prod",
            "WEM_INSECURE_COOKIES|maybe|WEM_INSECURE_COOKIES=maybe is invalid: must be one of 1, 0, true, false, yes, no, on, off",
            "WEM_SESSION_IDLE_TIMEOUT|0|WEM_SESSION_IDLE_TIMEOUT=0 is invalid: must be between 1 and 1440",
            "LOG_MIN_DURATION_STATEMENT|-5|LOG_MIN_DURATION_STATEMENT=-5 is invalid: must be between -1 and 2147483647",
            "WEM_DATABASE|wem;drop|WEM_DATABASE=wem;drop is invalid: must be 1 to 63 letters, digits, '_', '$' or '-', starting with a letter or '_'",
            "WEM_CLUSTER_FLAVOR|oracle|WEM_CLUSTER_FLAVOR=oracle is invalid: must be one of auto, postgresql, whpg6, whpg7, greenplum6, greenplum7"
    })
    void invalidValueIsReportedWithKeyValueAndRule(String key, String value, String message) {
        assertThatThrownBy(() -> load(Map.of(key, value)))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.problems()).containsExactly(message));
    }

    @Test
    void everyInvalidValueIsReportedAtOnce() {
        assertThatThrownBy(() -> load(Map.of("WHPG_PORT", "0", "PORT", "99999", "PROMETHEUS_URL", "nope")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).hasSize(3));
    }

    @Test
    void missingCookieSecretSaysHowToCreateOne() {
        assertThatThrownBy(() -> WemConfig.load(key -> null))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .singleElement().asString().startsWith("WEM_COOKIE_SECRET is missing").contains("openssl rand"));
    }

    @Test
    void shortCookieSecretIsRejectedWithoutShowingIt() {
        assertThatThrownBy(() -> WemConfig.load(key -> key.equals("WEM_COOKIE_SECRET") ? "short-secret" : null))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .singleElement().asString().contains("at least 32 characters").doesNotContain("short-secret"));
    }

    @Test
    void secretsAreRedactedInToString() {
        WemConfig config = load(Map.of("WHPG_PASSWORD", "p@ss#word", "WEM_ADMIN_PASSWORD", "Adm1n!secret"));

        assertThat(config.toString()).doesNotContain("p@ss#word").doesNotContain("Adm1n!secret").doesNotContain(SECRET);
        assertThat(config.cluster().password().reveal()).isEqualTo("p@ss#word");
    }

    @Test
    void urlsLoseTrailingSlash() {
        WemConfig config = load(Map.of("PROMETHEUS_URL", "http://127.0.0.1:9090/"));

        assertThat(config.prometheusUrl()).isEqualTo("http://127.0.0.1:9090");
    }

    @Test
    void stateStoreIsPostgresWhenHostIsSet() {
        WemConfig config = load(Map.of("WEM_HOST", "db.example.internal", "WEM_DATABASE", "wem_state"));

        assertThat(config.stateStore().isPostgres()).isTrue();
        assertThat(config.stateStore().database()).isEqualTo("wem_state");
    }

    @Test
    void ipv6HostIsAccepted() {
        assertThat(load(Map.of("WHPG_HOST", "::1")).cluster().host()).isEqualTo("::1");
    }

    private static WemConfig load(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.putIfAbsent("WEM_COOKIE_SECRET", SECRET);
        return WemConfig.load(all::get);
    }
}
