package io.wem.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.testsupport.Browser;
import io.wem.testsupport.LokiStub;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

/** The Logs panel and API against the Loki stub, which each test fills with lines of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LogsPanelTest {

    private static final String OPERATOR_PASSWORD = "Logs-Operator-Passw0rd!";
    private static LokiStub loki;

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
    void startLoki() {
        admin = new WemClient(baseUrl());
        admin.apiSignIn("admin", WemIntegrationTest.ADMIN_PASSWORD);
        if (loki == null) {
            loki = LokiStub.start();
            HttpResponse<String> saved = admin.sendJson("PATCH", "/api/v1/settings", "{\"lokiUrl\": \"" + loki.url() + "\"}", true);
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        }
        loki.failQueries(null);
    }

    @AfterAll
    static void stopLoki() {
        if (loki != null) {
            loki.close();
        }
    }

    @Test
    void filtersBecomeLogql() {
        LogSearch all = new LogSearch(Set.of(), null, "", null, null, null);
        assertThat(all.logql()).isEqualTo("{severity=~\".+\"}");

        LogSearch filtered = new LogSearch(new LinkedHashSet<>(List.of("FATAL", "ERROR", "DEBUG")), "sdw1", "seg0", "sales", "etl",
                "relation \"orders\" does not exist");
        assertThat(filtered.logql()).isEqualTo("{host=\"sdw1\", segment=\"seg0\", severity=~\"DEBUG[1-5]?|ERROR|FATAL\"}"
                + " | database=\"sales\" | user=\"etl\" |= \"relation \\\"orders\\\" does not exist\"");
    }

    @Test
    void apiFiltersLimitsAndOrders() {
        String tag = "api-" + System.nanoTime();
        Instant base = Instant.now().minusSeconds(60);
        push(tag, "sdw1", "seg0", "ERROR", base, "ERROR one " + tag);
        push(tag, "sdw1", "seg0", "LOG", base.plusSeconds(1), "LOG two " + tag);
        push(tag, "cdw", "seg-1", "ERROR", base.plusSeconds(2), "ERROR three " + tag);

        JsonNode errors = logs("{job=\"" + tag + "\", severity=\"ERROR\"}", "");
        assertThat(errors.get("lines")).hasSize(2);
        assertThat(errors.get("lines").get(0).get("line").asString()).isEqualTo("ERROR three " + tag);
        assertThat(errors.get("lines").get(0).get("host").asString()).isEqualTo("cdw");
        assertThat(errors.get("lines").get(0).get("segment").asString()).isEqualTo("seg-1");
        assertThat(errors.get("limitReached").asBoolean()).isFalse();

        JsonNode forward = logs("{job=\"" + tag + "\"}", "&direction=forward&limit=2");
        assertThat(forward.get("lines").get(0).get("line").asString()).isEqualTo("ERROR one " + tag);
        assertThat(forward.get("lines")).hasSize(2);
        assertThat(forward.get("limitReached").asBoolean()).isTrue();

        assertThat(admin.get("/api/v1/logs?query=" + encode("{job=\"" + tag + "\"}") + "&limit=100001").statusCode()).isEqualTo(400);
        assertThat(WemClient.json(admin.get("/api/v1/logs?limit=10")).get("field").asString()).isEqualTo("query");
        assertThat(WemClient.json(admin.get("/api/v1/logs?query=x&direction=up")).get("field").asString()).isEqualTo("direction");
        assertThat(WemClient.json(admin.get("/api/v1/logs?query=x&limit=abc")).get("error").asString())
                .isEqualTo("limit must be a whole number between 1 and 100000, got 'abc'");
        assertThat(WemClient.json(admin.get("/api/v1/logs/labels?name=bad/name")).get("field").asString()).isEqualTo("name");

        JsonNode epoch = logs("{job=\"" + tag + "\"}", "&start=" + base.minusSeconds(5).getEpochSecond()
                + "&end=" + (base.plusSeconds(10).getEpochSecond() * 1_000_000_000L));
        assertThat(epoch.get("lines")).hasSize(3);

        HttpResponse<String> wrongLogql = admin.get("/api/v1/logs?query=" + encode("severity=ERROR"));
        assertThat(wrongLogql.statusCode()).isEqualTo(400);
        assertThat(WemClient.json(wrongLogql).get("field").asString()).isEqualTo("query");
    }

    @Test
    void largeResultIsReadInBatches() {
        String tag = "batch-" + System.nanoTime();
        Instant base = Instant.now().minusSeconds(600);
        for (int i = 0; i < 6000; i++) {
            // Two lines share each time, so batch boundaries fall between lines of the same nanosecond.
            push(tag, "sdw1", "seg0", "LOG", base.plusMillis(i / 2), "line " + i);
        }
        int before = loki.requests(LokiStub.QUERY_RANGE_PATH);

        JsonNode result = logs("{job=\"" + tag + "\"}", "&limit=5500&start=" + base.minusSeconds(1));

        assertThat(result.get("lines").size()).isEqualTo(5500);
        Set<String> distinct = new HashSet<>();
        result.get("lines").forEach(line -> distinct.add(line.get("line").asString()));
        assertThat(distinct).hasSize(5500);
        assertThat(loki.requests(LokiStub.QUERY_RANGE_PATH) - before).isGreaterThanOrEqualTo(2);

        JsonNode all = logs("{job=\"" + tag + "\"}", "&limit=7000&start=" + base.minusSeconds(1));
        assertThat(all.get("lines").size()).isEqualTo(6000);
        assertThat(all.get("limitReached").asBoolean()).isFalse();

        String page = admin.get("/logs?range=15m&limit=450&mode=logql&logql=" + encode("{job=\"" + tag + "\"}")).body();
        assertThat(page).contains("id=\"card-total\">450<");
        assertThat(rowCount(page)).isEqualTo(LogsPageController.PAGE_ROWS);
        String second = admin.get(moreUrl(page)).body();
        assertThat(rowCount(second)).isEqualTo(LogsPageController.PAGE_ROWS);
        assertThat(second).doesNotContain("<tbody");
        String third = admin.get(moreUrl(second)).body();
        assertThat(rowCount(third)).isEqualTo(50);
        assertThat(third).doesNotContain("id=\"load-more\"");
        assertThat(third).contains("line 5550<").doesNotContain("line 5549<");
    }

    private static int rowCount(String html) {
        return html.split("class=\"log-row\"", -1).length - 1;
    }

    /** Returns the URL of the Load more button, unescaped from the HTML attribute. */
    private static String moreUrl(String html) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("hx-get=\"([^\"]+)\"[^>]*id=\"load-more\"|id=\"load-more\"[^>]*hx-get=\"([^\"]+)\"")
                .matcher(html);
        assertThat(matcher.find()).as("a Load more button").isTrue();
        String url = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        return url.replace("&amp;", "&");
    }

    @Test
    void pageShowsCardsRowsAndCsv() {
        String tag = "page-" + System.nanoTime();
        Instant base = Instant.now().minusSeconds(30);
        push(tag, "sdw1", "seg0", "ERROR", base, "=cmd|' /C calc'!A0 " + tag);
        push(tag, "sdw1", "seg0", "WARNING", base.plusSeconds(1), "WARNING " + tag);
        push(tag, "sdw2", "seg1", "PANIC", base.plusSeconds(2), "PANIC " + tag);
        push(tag, "sdw2", "seg1", "LOG", base.plusSeconds(3), "LOG " + tag);
        String logql = encode("{job=\"" + tag + "\"}");

        String page = admin.get("/logs?range=15m&mode=logql&logql=" + logql).body();
        assertThat(page).contains("id=\"card-total\">4<").contains("id=\"card-errors\">1<")
                .contains("id=\"card-warnings\">1<").contains("id=\"card-fatal\">1<");
        assertThat(page).contains("data-severity=\"PANIC\"").contains("PANIC " + tag);

        String filtered = admin.get("/logs?range=15m&mode=filters&severity=ERROR&q=" + encode(tag)).body();
        assertThat(filtered).contains("{severity=~&quot;ERROR&quot;} |= &quot;" + tag + "&quot;");
        assertThat(filtered).contains("id=\"card-total\">1<").doesNotContain("data-severity=\"LOG\"");

        HttpResponse<String> csv = admin.get("/logs/export.csv?range=15m&mode=logql&logql=" + logql);
        String[] lines = csv.body().split("\n");
        assertThat(lines[0]).isEqualTo("time,severity,host,segment,user,database,line");
        assertThat(lines).hasSize(5);
        assertThat(csv.body()).contains(",ERROR,sdw1,seg0,etl,sales,'=cmd|' /C calc'!A0 " + tag);
        loki.push(Map.of("job", tag, "host", "cdw", "segment", "-1", "severity", "LOG", "database", "sales", "user", "etl"),
                base.plusSeconds(4), "coordinator " + tag);
        assertThat(admin.get("/logs/export.csv?range=15m&mode=logql&logql=" + logql).body()).contains(",LOG,cdw,-1,etl,sales,coordinator ");

        String rejected = admin.get("/logs?range=15m&mode=logql&logql=" + encode("severity=ERROR")).body();
        assertThat(rejected).contains("id=\"search-error\"").contains("Loki rejected the query: parse error");
    }

    @Test
    void labelsComeFromLoki() {
        push("labels-" + System.nanoTime(), "labelhost", "seg7", "LOG", Instant.now().minusSeconds(5), "label line");

        assertThat(WemClient.json(admin.get("/api/v1/logs/labels")).get("labels").toString()).contains("\"host\"", "\"severity\"");
        assertThat(WemClient.json(admin.get("/api/v1/logs/labels?name=host")).get("values").toString()).contains("\"labelhost\"");
    }

    @Test
    void lokiErrorsAreShown() {
        loki.failQueries("rpc error: code = Unavailable desc = no healthy ingester");

        HttpResponse<String> api = admin.get("/api/v1/logs?query=" + encode("{job=\"x\"}"));
        assertThat(api.statusCode()).isEqualTo(502);
        assertThat(WemClient.json(api).get("error").asString()).isEqualTo("Loki failed (HTTP 500): rpc error: code = Unavailable desc = no healthy ingester");
        assertThat(admin.get("/logs?range=15m").body()).contains("id=\"search-error\"").contains("no healthy ingester");
    }

    @Test
    void liveTailDeliversLinesAndStopsOnDisconnect() throws Exception {
        String tag = "tail-" + System.nanoTime();
        HttpClient client = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        HttpResponse<String> signIn = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + WemIntegrationTest.ADMIN_PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(200);
        HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/logs/tail?query="
                + encode("{job=\"" + tag + "\"}"))).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<String> received = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    received.add(line);
                }
            } catch (java.io.IOException e) {
                // The test closes the stream.
            }
        });
        reader.start();

        Thread.sleep(500);
        push(tag, "sdw1", "seg0", "ERROR", Instant.now(), "tailed line " + tag);
        await().atMost(Duration.ofSeconds(15)).until(() -> received.stream().anyMatch(line -> line.contains("tailed line " + tag)));
        assertThat(received).contains("event:line");

        stream.body().close();
        reader.interrupt();
        Thread.sleep(LogTail.POLL_INTERVAL.multipliedBy(3).toMillis());
        int afterClose = loki.requests(LokiStub.QUERY_RANGE_PATH);
        Thread.sleep(LogTail.POLL_INTERVAL.multipliedBy(3).toMillis());
        assertThat(loki.requests(LokiStub.QUERY_RANGE_PATH)).isEqualTo(afterClose);
    }

    @Test
    void operatorFiltersByErrorInBrowser() {
        String tag = "browser-" + System.nanoTime();
        Instant base = Instant.now().minusSeconds(20);
        push(tag, "sdw1", "seg0", "ERROR", base, "browser error one");
        push(tag, "sdw1", "seg0", "LOG", base.plusSeconds(1), "browser log two");
        push(tag, "sdw2", "seg1", "ERROR", base.plusSeconds(2), "browser error three");
        String operator = TestUsers.create(users, encoder, "logsoperator", Role.OPERATOR, OPERATOR_PASSWORD);
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            driver.get(baseUrl() + "/login");
            driver.findElement(By.id("username")).sendKeys(operator);
            driver.findElement(By.id("password")).sendKeys(OPERATOR_PASSWORD);
            driver.findElement(By.id("sign-in")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("server-version")));

            driver.get(baseUrl() + "/logs?range=15m");
            driver.findElement(By.id("l-q")).sendKeys("browser");
            driver.findElement(By.id("sev-ERROR")).click();
            driver.findElement(By.id("search-logs")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("logs-table")));

            List<WebElement> rows = driver.findElements(By.cssSelector("#logs-table tr.log-row"));
            assertThat(rows).hasSize(2);
            assertThat(rows).allSatisfy(row -> assertThat(row.getAttribute("data-severity")).isEqualTo("ERROR"));
            assertThat(driver.findElement(By.id("logs-table")).getText()).contains("browser error three").doesNotContain("browser log two");
            assertThat(driver.findElement(By.id("l-logql")).getAttribute("value")).contains("severity=~\"ERROR\"");
            browser.screenshot("logs");
        }
    }

    private void push(String job, String host, String segment, String severity, Instant time, String line) {
        loki.push(Map.of("job", job, "host", host, "segment", segment, "severity", severity, "database", "sales", "user", "etl"), time, line);
    }

    private JsonNode logs(String logql, String extra) {
        HttpResponse<String> response = admin.get("/api/v1/logs?query=" + encode(logql) + extra);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WemClient.json(response);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
