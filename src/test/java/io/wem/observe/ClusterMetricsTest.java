package io.wem.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;

/** The cluster and sign-in metrics at /prom/metrics, read from the shared test PostgreSQL. */
class ClusterMetricsTest extends WemIntegrationTest {

    @Test
    void clusterGroupsAreExported() throws SQLException {
        String metrics = client().get("/prom/metrics").body();

        assertThat(metrics).containsPattern("(?m)^wem_sessions\\{state=\"active\"\\} \\d");
        assertThat(metrics).containsPattern("(?m)^wem_sessions\\{state=\"idle in transaction\"\\} \\d");
        assertThat(metrics).containsPattern("(?m)^wem_sessions_waiting \\d");
        assertThat(metrics).containsPattern("(?m)^wem_sessions_blocked \\d");
        assertThat(metrics).containsPattern("(?m)^wem_longest_query_seconds \\d");
        assertThat(value(metrics, "wem_connections_max")).isEqualTo(maxConnections());
        assertThat(value(metrics, "wem_connections")).isPositive();
        assertThat(value(metrics, "wem_database_size_bytes{database=\"postgres\"}")).isGreaterThan(1_000_000.0);
        assertThat(metrics).doesNotContain("wem_segments{");
    }

    @Test
    void sessionGroupIsCachedForTenSeconds() throws SQLException {
        double before = value(client().get("/prom/metrics").body(), "wem_sessions{state=\"idle\"}");
        List<Connection> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Connection connection = TestPostgres.clusterDataSource().getConnection();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
                idle.add(connection);
            }

            assertThat(value(client().get("/prom/metrics").body(), "wem_sessions{state=\"idle\"}")).isEqualTo(before);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> value(client().get("/prom/metrics").body(), "wem_sessions{state=\"idle\"}") >= before + 3);
        } finally {
            for (Connection connection : idle) {
                connection.close();
            }
        }
    }

    @Test
    void signInsAreCountedByOutcome() {
        double successes = value(client().get("/prom/metrics").body(), "wem_logins_total{application=\"wem\",outcome=\"success\"}");
        double failures = value(client().get("/prom/metrics").body(), "wem_logins_total{application=\"wem\",outcome=\"failure\"}");

        client().signIn("admin", ADMIN_PASSWORD);
        client().signIn("admin", "not the password");
        client().signIn("nobody-by-this-name", "whatever");

        String metrics = client().get("/prom/metrics").body();
        assertThat(value(metrics, "wem_logins_total{application=\"wem\",outcome=\"success\"}")).isEqualTo(successes + 1);
        assertThat(value(metrics, "wem_logins_total{application=\"wem\",outcome=\"failure\"}")).isEqualTo(failures + 2);
        assertThat(metrics).containsPattern("(?m)^wem_accounts_locked\\{application=\"wem\"\\} \\d");
    }

    private static double maxConnections() throws SQLException {
        try (Connection connection = TestPostgres.clusterDataSource().getConnection(); Statement statement = connection.createStatement();
             var row = statement.executeQuery("SHOW max_connections")) {
            row.next();
            return Double.parseDouble(row.getString(1));
        }
    }

    /** Returns the value of the one sample whose name and labels are exactly {@code series}. */
    static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as("a sample of " + series + " in:\n" + metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
