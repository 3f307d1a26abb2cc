package io.wem.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.testsupport.Browser;
import io.wem.testsupport.TestNodeExporter;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.TestPrometheus;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Metrics panel against a real Prometheus that scrapes a real node_exporter and this WEM every second. The last
 * test stops Prometheus.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsPanelTest {

    private static final String VIEWER_PASSWORD = "Metrics-Viewer-Passw0rd!";
    private static TestNodeExporter nodeExporter;
    private static TestPrometheus prometheus;

    @LocalServerPort
    int port;

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    WemClient admin;

    @DynamicPropertySource
    static void ownStore(DynamicPropertyRegistry registry) {
        WemIntegrationTest.clusterProperties(registry, () -> TestPostgres.shared().getPort(), WemIntegrationTest.createDataDir());
    }

    @BeforeEach
    void startPrometheus() {
        admin = new WemClient(baseUrl());
        admin.apiSignIn("admin", WemIntegrationTest.ADMIN_PASSWORD);
        if (prometheus == null) {
            nodeExporter = TestNodeExporter.start();
            prometheus = TestPrometheus.startScraping(List.of(
                    new TestPrometheus.ScrapeJob("node", "/metrics", nodeExporter.target()),
                    new TestPrometheus.ScrapeJob("wem", "/prom/metrics", "127.0.0.1:" + port)));
            HttpResponse<String> saved = admin.sendJson("PATCH", "/api/v1/settings",
                    "{\"prometheusUrl\": \"" + prometheus.url() + "\"}", true);
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stopServers() {
        if (prometheus != null) {
            prometheus.stop();
        }
        if (nodeExporter != null) {
            nodeExporter.stop();
        }
    }

    @Test
    @Order(1)
    void chartsHaveHostAndWemSeries() {
        String instance = nodeExporter.target();
        JsonNode cpu = awaitPoints("/metrics/chart?range=15m&chart=cpu&instance=" + encode(instance));
        assertThat(cpu.get("error").isNull()).isTrue();
        assertThat(names(cpu)).containsExactly("user", "system");
        assertThat(cpu.get("queries").get(0).asString()).contains("instance=\"" + instance + "\"").contains("mode=\"user\"");
        assertThat(cpu.get("unit").asString()).isEqualTo("%");

        JsonNode memory = awaitPoints("/metrics/chart?range=15m&chart=memory&instance=" + encode(instance));
        double used = lastValue(memory.get("lines").get(0));
        assertThat(used).isBetween(0.1, 100.0);

        JsonNode filesystems = awaitPoints("/metrics/chart?range=15m&chart=filesystem&instance=" + encode(instance));
        assertThat(names(filesystems)).contains("/");

        JsonNode sessions = awaitPoints("/metrics/chart?range=15m&chart=sessions");
        assertThat(names(sessions)).contains("active", "idle");

        String page = admin.get("/metrics").body();
        assertThat(page).contains("data-host=\"" + instance + "\"").contains("id=\"chart-sessions\"");
    }

    @Test
    @Order(2)
    void stepKeepsChartsNearThousandPoints() {
        JsonNode week = WemClient.json(admin.get("/metrics/chart?range=7d&chart=sessions"));
        assertThat(week.get("stepSeconds").asLong()).isEqualTo(605);
        assertThat(week.get("times").size()).isLessThanOrEqualTo(1001);

        JsonNode quarter = WemClient.json(admin.get("/metrics/chart?range=15m&chart=sessions"));
        assertThat(quarter.get("stepSeconds").asLong()).isEqualTo(StepRule.MIN_STEP.toSeconds());
        assertThat(quarter.get("times").size()).isEqualTo(181);

        assertThat(StepRule.step(Instant.EPOCH, Instant.EPOCH.plus(Duration.ofDays(1))).toSeconds()).isEqualTo(87);
        assertThat(StepRule.rateWindow(Duration.ofSeconds(87)).toSeconds()).isEqualTo(348);
        assertThat(StepRule.rateWindow(Duration.ofSeconds(5)).toSeconds()).isEqualTo(120);
    }

    @Test
    @Order(3)
    void viewerRunsOnlyPanelPromql() {
        String viewerName = TestUsers.create(users, encoder, "metricsviewer", Role.VIEWER, VIEWER_PASSWORD);
        WemClient viewer = new WemClient(baseUrl());
        viewer.apiSignIn(viewerName, VIEWER_PASSWORD);
        Instant end = Instant.now();
        String range = "&start=" + end.minusSeconds(600).getEpochSecond() + "&end=" + end.getEpochSecond() + "&step=15";
        String built = WemClient.json(admin.get("/metrics/chart?range=15m&chart=queries")).get("queries").get(0).asString();

        HttpResponse<String> arbitrary = viewer.get("/api/v1/metrics/query_range?query=" + encode("up") + range);
        assertThat(arbitrary.statusCode()).isEqualTo(403);
        assertThat(WemClient.json(arbitrary).get("error").asString()).contains("Only Admins");

        HttpResponse<String> spaced = viewer.get("/api/v1/metrics/query_range?query=" + encode(built.replace(" ", "  ")) + range);
        assertThat(spaced.statusCode()).as(spaced.body()).isEqualTo(200);

        HttpResponse<String> panelQuery = viewer.get("/api/v1/metrics/query_range?query=" + encode(built) + range);
        assertThat(panelQuery.statusCode()).as(panelQuery.body()).isEqualTo(200);
        assertThat(WemClient.json(panelQuery).get("stepSeconds").asLong()).isEqualTo(15);

        HttpResponse<String> adminQuery = admin.get("/api/v1/metrics/query_range?query=" + encode("up") + range);
        assertThat(adminQuery.statusCode()).as(adminQuery.body()).isEqualTo(200);
        assertThat(WemClient.json(adminQuery).get("series").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(4)
    void invalidRangeQueriesNameTheField() {
        assertInvalid("query=up&start=yesterday&end=2026-12-05T00:00:00Z", "start");
        assertInvalid("query=up&start=2026-12-05T00:00:00Z&end=2026-12-04T00:00:00Z", "start");
        assertInvalid("query=up&start=2026-12-01T00:00:00Z&end=2026-12-05T00:00:00Z&step=1", "step");
        assertInvalid("query=up&start=2026-12-01T00:00:00Z&end=2026-12-05T00:00:00Z&step=fast", "step");
        assertInvalid("start=2026-12-01T00:00:00Z&end=2026-12-05T00:00:00Z", "query");
        HttpResponse<String> badPromql = admin.get("/api/v1/metrics/query_range?query=" + encode("sum(") + "&start=1&end=100&step=10");
        assertThat(badPromql.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(badPromql).get("field").asString()).isEqualTo("query");
        assertThat(WemClient.json(badPromql).get("error").asString()).contains("Prometheus rejected the query");
    }

    @Test
    @Order(5)
    void viewerSeesChartWithDataPoints() {
        String viewerName = TestUsers.create(users, encoder, "metricsbrowser", Role.VIEWER, VIEWER_PASSWORD);
        awaitPoints("/metrics/chart?range=15m&chart=cpu&instance=" + encode(nodeExporter.target()));
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            driver.get(baseUrl() + "/login");
            driver.findElement(By.id("username")).sendKeys(viewerName);
            driver.findElement(By.id("password")).sendKeys(VIEWER_PASSWORD);
            driver.findElement(By.id("sign-in")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("server-version")));

            driver.get(baseUrl() + "/metrics?range=15m");
            By cpuChart = By.cssSelector("[data-host='" + nodeExporter.target() + "'] [data-chart-id='cpu']");
            browser.waitUpTo(Duration.ofSeconds(20)).until(d -> {
                WebElement chart = d.findElement(cpuChart);
                String points = chart.getAttribute("data-points");
                return points != null && Integer.parseInt(points) > 0 && !chart.findElements(By.tagName("canvas")).isEmpty();
            });
            browser.screenshot("metrics");
        }
    }

    @Test
    @Order(6)
    void stoppedPrometheusShowsError() {
        prometheus.stop();

        JsonNode chart = WemClient.json(admin.get("/metrics/chart?range=15m&chart=sessions"));
        assertThat(chart.get("error").asString()).contains("could not connect");
        assertThat(chart.get("lines")).isEmpty();
        HttpResponse<String> page = admin.get("/metrics");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"integration-error\"").contains("Not ready");
        prometheus = null;
    }

    private void assertInvalid(String query, String field) {
        HttpResponse<String> response = admin.get("/api/v1/metrics/query_range?" + query);
        assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(400);
        assertThat(WemClient.json(response).get("field").asString()).as(query).isEqualTo(field);
    }

    /** Waits until the chart has at least one value, which takes a few scrapes after Prometheus starts. */
    private JsonNode awaitPoints(String path) {
        JsonNode[] chart = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            chart[0] = WemClient.json(admin.get(path));
            for (JsonNode line : chart[0].get("lines")) {
                for (JsonNode value : line.get("values")) {
                    if (!value.isNull()) {
                        return true;
                    }
                }
            }
            return false;
        });
        return chart[0];
    }

    private static List<String> names(JsonNode chart) {
        return chart.get("lines").valueStream().map(line -> line.get("name").asString()).toList();
    }

    private static double lastValue(JsonNode line) {
        double last = Double.NaN;
        for (JsonNode value : line.get("values")) {
            if (!value.isNull()) {
                last = value.asDouble();
            }
        }
        return last;
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
