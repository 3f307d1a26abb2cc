package io.wem.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.testsupport.Browser;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

class CanaryBrowserTest extends WemIntegrationTest {

    private static final String CHECK = "Browser sales count";
    private static final String PASSWORD = "Canary-Viewer1!";

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @AfterEach
    void deleteCheck() {
        WemClient admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
        for (JsonNode check : WemClient.json(admin.get("/api/v1/canary-checks")).get("checks")) {
            if (check.get("name").asString().equals(CHECK)) {
                admin.sendJson("DELETE", "/api/v1/canary-checks/" + check.get("id").asLong(), null, true);
            }
        }
    }

    @Test
    void adminCreatesTestsAndRunsCheck() {
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            signIn(browser, "admin", ADMIN_PASSWORD);
            driver.get(baseUrl() + "/management/canary-checks");
            browser.screenshot("canary-checks");
            driver.findElement(By.id("add-check")).click();

            driver.findElement(By.id("name")).sendKeys(CHECK);
            new Select(driver.findElement(By.id("type"))).selectByValue("QUERY");
            driver.findElement(By.id("sql")).sendKeys("SELECT generate_series(1, 5)");
            replace(driver.findElement(By.id("intervalSeconds")), "30");
            replace(driver.findElement(By.id("timeoutSeconds")), "5");
            driver.findElement(By.id("test-check")).click();
            browser.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(By.id("test-outcome")));
            String outcome = driver.findElement(By.id("test-outcome")).getText();
            browser.screenshot("canary-check-form");

            assertThat(outcome).startsWith("OK").contains("5 rows");

            driver.findElement(By.id("save-check")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("flash-success")));
            assertThat(driver.findElement(By.id("flash-success")).getText()).isEqualTo("Canary check '" + CHECK + "' was created.");

            driver.get(baseUrl() + "/canary");
            browser.screenshot("canary-panel");
            WebElement row = driver.findElement(By.cssSelector("#status-table tr[data-check='" + CHECK + "']"));
            row.findElement(By.cssSelector("button")).click();
            browser.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(By.id("run-message")));

            assertThat(driver.findElement(By.id("run-message")).getText()).startsWith("Ran '" + CHECK + "': OK");
            driver.get(baseUrl() + "/canary?range=1h&trend=" + idOf(CHECK));
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trend-chart canvas")));
            ((JavascriptExecutor) driver).executeScript("document.getElementById('trend-chart').scrollIntoView()");
            browser.screenshot("canary-trend");
        }
    }

    @Test
    void viewerSeesRunNowDisabled() {
        String viewer = TestUsers.create(users, encoder, "canary-viewer", Role.VIEWER, PASSWORD);
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            signIn(browser, viewer, PASSWORD);
            driver.get(baseUrl() + "/canary");

            WebElement run = driver.findElement(By.cssSelector("#status-table tr[data-check='Connectivity'] button"));

            assertThat(run.isEnabled()).isFalse();
            assertThat(run.getAttribute("title")).contains("lacks the permission 'canary.run'");
        }
    }

    private long idOf(String name) {
        WemClient admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
        for (JsonNode check : WemClient.json(admin.get("/api/v1/canary-checks")).get("checks")) {
            if (check.get("name").asString().equals(name)) {
                return check.get("id").asLong();
            }
        }
        throw new AssertionError("No check named " + name);
    }

    private static void replace(WebElement input, String value) {
        input.clear();
        input.sendKeys(value);
    }

    private void signIn(Browser browser, String username, String password) {
        WebDriver driver = browser.driver();
        driver.get(baseUrl() + "/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("server-version")));
    }
}
