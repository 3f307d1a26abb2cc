package io.wem.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.wem.testsupport.Browser;
import io.wem.testsupport.TestPrometheus;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

class SettingsBrowserTest extends WemIntegrationTest {

    @AfterEach
    void clearPrometheusUrl() {
        WemClient admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
        admin.sendJson("PATCH", "/api/v1/settings", "{\"prometheusUrl\": \"\"}", true);
    }

    @Test
    void adminTestsAndSavesPrometheusUrl() {
        String prometheusUrl = TestPrometheus.shared().url();
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            signIn(browser);
            driver.get(baseUrl() + "/management/settings");
            browser.screenshot("settings");

            WebElement field = driver.findElement(By.id("prometheusUrl"));
            field.clear();
            field.sendKeys(prometheusUrl);
            driver.findElement(By.id("test-prometheusUrl")).click();
            browser.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(By.id("test-outcome-prometheus")));
            String outcome = driver.findElement(By.id("test-outcome-prometheus")).getText();
            browser.screenshot("settings-prometheus-test");

            assertThat(outcome).startsWith("Success.").contains("Prometheus is ready, version 2.").contains(prometheusUrl + "/-/ready");

            driver.findElement(By.id("save-settings")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("flash-success")));

            assertThat(driver.findElement(By.id("flash-success")).getText()).isEqualTo("Settings saved: Prometheus URL.");
            assertThat(driver.findElement(By.id("prometheusUrl")).getAttribute("value")).isEqualTo(prometheusUrl);

            driver.get(baseUrl() + "/metrics");
            browser.screenshot("metrics-status");
            assertThat(driver.findElement(By.id("integration-status")).getText()).isEqualTo("Ready");
        }
    }

    @Test
    void invalidUrlShowsMessageBesideField() {
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            signIn(browser);
            driver.get(baseUrl() + "/management/settings");

            driver.findElement(By.id("lokiUrl")).sendKeys("ftp://logs.example.com", Keys.TAB);
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("error-lokiUrl"), "Loki URL must be an http:// or https:// URL"));
            browser.screenshot("settings-inline-error");

            driver.findElement(By.id("save-settings")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(By.id("lokiUrl"), "aria-invalid", "true"));

            assertThat(driver.findElement(By.id("error-lokiUrl")).getText()).startsWith("Loki URL must be an http:// or https:// URL");
            assertThat(driver.findElement(By.id("lokiUrl")).getAttribute("value")).isEqualTo("ftp://logs.example.com");
            assertThat(driver.findElements(By.id("flash-success"))).isEmpty();
        }
    }

    /**
     * Dispatches a cancelable beforeunload event, as the browser does before leaving, and reads whether the page
     * asked to stay. A real leave prompt never reached WebDriver here (ChromeDriver handles beforeunload prompts itself).
     */
    @Test
    void unsavedChangeAsksBeforeLeaving() {
        String leaving = "var e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;";
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            JavascriptExecutor script = (JavascriptExecutor) driver;
            signIn(browser);
            driver.get(baseUrl() + "/management/settings");
            browser.waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(By.id("settings-form")));

            Object beforeEdit = script.executeScript(leaving);
            driver.findElement(By.id("lockoutThreshold")).sendKeys(Keys.BACK_SPACE, "7", Keys.TAB);
            Object afterEdit = script.executeScript(leaving);

            assertThat(beforeEdit).isEqualTo(false);
            assertThat(afterEdit).isEqualTo(true);
        }
    }

    private void signIn(Browser browser) {
        WebDriver driver = browser.driver();
        driver.get(baseUrl() + "/login");
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
        driver.findElement(By.id("sign-in")).click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("server-version")));
    }
}
