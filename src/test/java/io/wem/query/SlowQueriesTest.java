package io.wem.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.testsupport.Browser;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Slow Queries panel against a PostgreSQL of its own that writes a csv log and logs statements of 100 ms or
 * more. The scheduled poll is hourly here, so the test drives each read itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "WEM_SLOW_QUERY_POLL=3600")
class SlowQueriesTest {

    private static final String VIEWER_PASSWORD = "Slow-Viewer-Passw0rd!";
    private static final EmbeddedPostgres CLUSTER = TestPostgres.start(null, 0, Map.of(
            "logging_collector", "on",
            "log_destination", "csvlog"));

    static {
        // Set with ALTER SYSTEM, not as a server option, which would take precedence, so that a test can change it.
        TestPostgres.execute(CLUSTER.getPostgresDatabase(), "ALTER SYSTEM SET log_min_duration_statement = 100");
        TestPostgres.execute(CLUSTER.getPostgresDatabase(), "SELECT pg_reload_conf()");
    }

    @LocalServerPort
    int port;

    @Autowired
    SlowQueryCollector collector;

    @Autowired
    JdbcClient store;

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    WemClient admin;

    @DynamicPropertySource
    static void ownCluster(DynamicPropertyRegistry registry) {
        WemIntegrationTest.clusterProperties(registry, CLUSTER::getPort, WemIntegrationTest.createDataDir());
    }

    @AfterAll
    static void stopCluster() {
        TestPostgres.close(CLUSTER);
    }

    @BeforeEach
    void signIn() {
        admin = new WemClient("http://127.0.0.1:" + port);
        admin.apiSignIn("admin", WemIntegrationTest.ADMIN_PASSWORD);
    }

    @Test
    void slowStatementStoredOnceAndShortOneNever() throws SQLException {
        run("SELECT pg_sleep(0.3) /* slow-once-marker */");
        run("SELECT 1 /* short-marker */");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> slowQueries("q=slow-once-marker").size() == 1);
        collector.poll();
        collector.poll();

        JsonNode listed = slowQueries("q=slow-once-marker");
        assertThat(listed).hasSize(1);
        assertThat(storedCount("%slow-once-marker%")).isEqualTo(1);
        JsonNode entry = listed.get(0);
        assertThat(entry.get("query").asString()).isEqualTo("SELECT pg_sleep(0.3) /* slow-once-marker */");
        assertThat(entry.get("durationMs").asDouble()).isGreaterThanOrEqualTo(300.0);
        assertThat(entry.get("user").asString()).isEqualTo(TestPostgres.USER);
        assertThat(entry.get("database").asString()).isEqualTo(TestPostgres.CLUSTER_DATABASE);
        assertThat(entry.get("sessionId").asString()).isNotBlank();
        assertThat(slowQueries("q=short-marker")).isEmpty();
        assertThat(storedCount("%short-marker%")).isZero();

        JsonNode status = WemClient.json(admin.get("/api/v1/slow-queries/status"));
        assertThat(status.get("problem").isNull()).isTrue();
        assertThat(status.get("error").isNull()).isTrue();
        assertThat(status.get("logMinDurationStatement").asString()).isEqualTo("100ms");
    }

    @Test
    void panelShowsDetailsChartAndCsv() throws SQLException {
        run("SELECT pg_sleep(0.25), 'a,b \"quoted\"' /* panel-marker */");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> slowQueries("q=panel-marker").size() == 1);
        long id = slowQueries("q=panel-marker").get(0).get("id").asLong();

        String page = admin.get("/slow-queries?q=panel-marker").body();
        assertThat(page).contains("/* panel-marker */").contains("id=\"slow-chart\"").contains("id=\"last-poll\"")
                .doesNotContain("id=\"log-setup-problem\"");
        assertThat(admin.get("/slow-queries?q=no-such-marker-text").body()).contains("No slow statements match in this range.");

        HttpResponse<String> details = admin.get("/slow-queries/" + id);
        assertThat(details.statusCode()).isEqualTo(200);
        assertThat(details.body()).contains("/* panel-marker */").contains("id=\"copy-query\"");
        assertThat(admin.get("/slow-queries/999999999").statusCode()).isEqualTo(404);

        HttpResponse<String> csv = admin.get("/slow-queries/export.csv?q=panel-marker");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = csv.body().split("\n");
        assertThat(lines[0]).isEqualTo("loggedAt,durationMs,user,database,application,sessionId,query");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).contains(",postgres,postgres,")
                .endsWith("\"SELECT pg_sleep(0.25), 'a,b \"\"quoted\"\"' /* panel-marker */\"");

        JsonNode histogram = WemClient.json(admin.get("/slow-queries/histogram?range=6h&q=panel-marker"));
        assertThat(histogram.get("hours")).hasSizeBetween(6, 7);
        int count = 0;
        double total = 0;
        for (int i = 0; i < histogram.get("counts").size(); i++) {
            count += histogram.get("counts").get(i).asInt();
            total += histogram.get("totalMs").get(i).asDouble();
        }
        assertThat(count).isEqualTo(1);
        assertThat(total).isGreaterThanOrEqualTo(250.0);
    }

    @Test
    void filtersAndPaging() throws SQLException {
        for (int i = 0; i < 3; i++) {
            run("SELECT pg_sleep(0.15), " + i + " /* paging-marker */");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> slowQueries("q=PAGING-marker").size() == 3);

        assertThat(slowQueries("q=paging-marker&user=postgres")).hasSize(3);
        assertThat(slowQueries("q=paging-marker&user=nobody")).isEmpty();
        assertThat(slowQueries("q=paging-marker&database=nowhere")).isEmpty();
        assertThat(slowQueries("q=paging-marker&minDurationMs=100000")).isEmpty();
        assertThat(slowQueries("q=paging-marker&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z")).isEmpty();

        Set<Long> seen = new HashSet<>();
        String cursor = "";
        for (int page = 0; page < 3; page++) {
            JsonNode body = WemClient.json(admin.get("/api/v1/slow-queries?q=paging-marker&sort=duration&limit=1" + cursor));
            assertThat(body.get("slowQueries")).hasSize(1);
            seen.add(body.get("slowQueries").get(0).get("id").asLong());
            cursor = body.get("nextCursor").isNull() ? null : "&cursor=" + body.get("nextCursor").asString();
            if (page < 2) {
                assertThat(cursor).isNotNull();
            }
        }
        assertThat(seen).hasSize(3);
        assertThat(cursor).isNull();
    }

    @Test
    void browserDrawsChartAndOpensDetails() throws SQLException {
        run("SELECT pg_sleep(0.2) /* browser-marker */");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> slowQueries("q=browser-marker").size() == 1);
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            driver.get("http://127.0.0.1:" + port + "/login");
            driver.findElement(By.id("username")).sendKeys("admin");
            driver.findElement(By.id("password")).sendKeys(WemIntegrationTest.ADMIN_PASSWORD);
            driver.findElement(By.id("sign-in")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("server-version")));

            driver.get("http://127.0.0.1:" + port + "/slow-queries");
            new Select(driver.findElement(By.id("f-range"))).selectByValue("6h");
            driver.findElement(By.id("f-q")).sendKeys("browser-marker");
            driver.findElement(By.id("f-q")).submit();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#slow-chart canvas")));
            assertThat(driver.findElements(By.cssSelector("#slow-table tbody tr[data-id]"))).hasSize(1);
            assertThat(driver.findElement(By.cssSelector("#slow-table .query-cell")).getText()).contains("browser-marker");
            browser.screenshot("slow-queries");

            driver.findElement(By.cssSelector("#slow-table tbody tr[data-id] a")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("query-text")));
            assertThat(driver.findElement(By.id("query-text")).getText()).isEqualTo("SELECT pg_sleep(0.2) /* browser-marker */");
            browser.screenshot("slow-query-details");
        }
    }

    @Test
    void wemOwnStatementsHiddenByDefault() throws SQLException {
        run("SET application_name = 'WEM'; SELECT pg_sleep(0.15) /* own-marker */");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> slowQueries("q=own-marker&includeOwn=true").size() == 1);

        assertThat(slowQueries("q=own-marker")).isEmpty();
        assertThat(slowQueries("q=own-marker&includeOwn=true").get(0).get("application").asString()).isEqualTo("WEM");
        assertThat(admin.get("/slow-queries?q=own-marker").body()).contains("id=\"no-slow-queries\"");
        assertThat(admin.get("/slow-queries?q=own-marker&includeOwn=true").body()).contains("/* own-marker */");
    }

    @Test
    void statusWarnsWhenLoggingIsOff() throws SQLException {
        run("ALTER SYSTEM SET log_min_duration_statement = -1");
        run("SELECT pg_reload_conf()");
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "-1".equals(collector.poll().logMinDurationStatement()));
            assertThat(collector.status().problem()).startsWith("log_min_duration_statement is -1");
            assertThat(admin.get("/slow-queries").body()).contains("id=\"log-setup-problem\"")
                    .contains("so the cluster logs no slow statements");
        } finally {
            run("ALTER SYSTEM SET log_min_duration_statement = 100");
            run("SELECT pg_reload_conf()");
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> collector.poll().problem() == null);
    }

    @Test
    void invalidFiltersNameTheField() {
        assertInvalid("minDurationMs=fast", "minDurationMs");
        assertInvalid("minDurationMs=-5", "minDurationMs");
        assertInvalid("from=yesterday", "from");
        assertInvalid("from=2026-12-05T10:00:00Z&to=2026-12-05T09:00:00Z", "from");
        assertInvalid("limit=0", "limit");
        assertInvalid("limit=5000", "limit");
        assertInvalid("sort=user", "sort");
        assertInvalid("cursor=not-a-cursor", "cursor");
        assertThat(admin.get("/slow-queries?range=2y").body()).contains("range must be one of 1h, 6h, 24h, 7d, 30d or custom");
    }

    @Test
    void viewerReadsButAnonymousDoesNot() {
        String viewer = TestUsers.create(users, encoder, "slowviewer", Role.VIEWER, VIEWER_PASSWORD);
        WemClient client = new WemClient("http://127.0.0.1:" + port);
        client.apiSignIn(viewer, VIEWER_PASSWORD);
        assertThat(client.get("/api/v1/slow-queries").statusCode()).isEqualTo(200);
        assertThat(new WemClient("http://127.0.0.1:" + port).get("/api/v1/slow-queries").statusCode()).isEqualTo(401);
    }

    private void assertInvalid(String query, String field) {
        HttpResponse<String> response = admin.get("/api/v1/slow-queries?" + query);
        assertThat(response.statusCode()).as(query).isEqualTo(400);
        assertThat(WemClient.json(response).get("field").asString()).as(query).isEqualTo(field);
    }

    /** Reads the log and returns the stored statements that match the query string. */
    private JsonNode slowQueries(String query) {
        collector.poll();
        HttpResponse<String> response = admin.get("/api/v1/slow-queries?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WemClient.json(response).get("slowQueries");
    }

    private long storedCount(String pattern) {
        return store.sql("SELECT count(*) FROM slow_query WHERE query_text LIKE :pattern").param("pattern", pattern)
                .query(Long.class).single();
    }

    private static void run(String sql) throws SQLException {
        try (Connection connection = CLUSTER.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
