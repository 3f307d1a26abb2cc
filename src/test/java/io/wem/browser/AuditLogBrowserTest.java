package io.wem.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.wem.testsupport.Browser;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

class AuditLogBrowserTest extends WemIntegrationTest {

    @Test
    void adminFindsFailedSignInWithSourceIp() {
        String attempted = "intruder-" + Long.toString(System.nanoTime(), 36);
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            driver.get(baseUrl() + "/login");
            driver.findElement(By.id("username")).sendKeys(attempted);
            driver.findElement(By.id("password")).sendKeys("not the password");
            driver.findElement(By.id("sign-in")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login?error"));

            driver.findElement(By.id("username")).sendKeys("admin");
            driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
            driver.findElement(By.id("sign-in")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("server-version")));

            driver.get(baseUrl() + "/management/audit");
            driver.findElement(By.id("type-FAILED_LOGIN")).click();
            driver.findElement(By.id("actor")).sendKeys(attempted);
            driver.findElement(By.id("apply-filters")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("type=FAILED_LOGIN"));

            List<WebElement> rows = driver.findElements(By.cssSelector("#audit-table tbody tr[data-type]"));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).getAttribute("data-type")).isEqualTo("FAILED_LOGIN");
            assertThat(rows.get(0).findElement(By.cssSelector(".source-ip")).getText()).isEqualTo("127.0.0.1");
            assertThat(rows.get(0).getText()).contains(attempted).contains("Failure");
            rows.get(0).findElement(By.tagName("summary")).click();
            driver.findElement(By.id("verify-integrity")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("verify-valid")));
            browser.screenshot("audit-log");
        }
    }
}
