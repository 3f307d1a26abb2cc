package io.wem.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.wem.testsupport.Browser;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

class QueryMonitorBrowserTest extends WemIntegrationTest {

    @Test
    void adminCancelsSleepingQueryAfterConfirming() throws Exception {
        try (Connection sleeper = TestPostgres.shared().getPostgresDatabase().getConnection();
             Browser browser = new Browser()) {
            int pid;
            try (Statement statement = sleeper.createStatement(); var rows = statement.executeQuery("SELECT pg_backend_pid()")) {
                rows.next();
                pid = rows.getInt(1);
            }
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try (Statement statement = sleeper.createStatement()) {
                    statement.execute("SELECT pg_sleep(60) /* browser test */");
                } catch (SQLException e) {
                    // The test cancels this statement.
                }
            });
            WebDriver driver = browser.driver();
            driver.get(baseUrl() + "/login");
            driver.findElement(By.id("username")).sendKeys("admin");
            driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
            driver.findElement(By.id("sign-in")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("server-version")));

            driver.get(baseUrl() + "/queries?q=browser+test");
            browser.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#sessions-table tr[data-pid='" + pid + "']")));
            browser.screenshot("query-monitor");
            driver.findElement(By.linkText(Integer.toString(pid))).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/queries/" + pid));
            browser.screenshot("query-details");
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.id("cancel-query"))).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason")))
                    .sendKeys("runaway sleep");
            browser.screenshot("query-confirm");
            driver.findElement(By.id("confirm-action")).click();
            browser.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("flash-success")));

            assertThat(driver.findElement(By.id("flash-success")).getText()).isEqualTo("Session " + pid + ": cancelled.");
            running.get();
        }
    }
}
