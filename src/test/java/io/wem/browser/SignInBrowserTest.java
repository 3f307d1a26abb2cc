package io.wem.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import io.wem.testsupport.Browser;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

class SignInBrowserTest extends WemIntegrationTest {

    @Test
    void adminSignsInSeesVersionAndSignsOut() throws Exception {
        String version = serverVersion();
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();

            driver.get(baseUrl() + "/");
            assertThat(driver.getCurrentUrl()).endsWith("/login");
            browser.screenshot("login");
            driver.findElement(By.id("username")).sendKeys("admin");
            driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
            driver.findElement(By.id("sign-in")).click();

            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("server-version")));
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("server-version"), version));
            assertThat(driver.findElement(By.id("cluster-status")).getText()).isEqualTo("Reachable");
            assertThat(driver.findElement(By.cssSelector(".nav a.active")).getText()).isEqualTo("Dashboard");
            driver.findElement(By.id("refresh")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("server-version"), version));
            browser.screenshot("dashboard");

            driver.findElement(By.id("sign-out")).click();

            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login?signedOut"));
            assertThat(driver.getPageSource()).contains("You have signed out.");
            driver.get(baseUrl() + "/");
            assertThat(driver.getCurrentUrl()).endsWith("/login");
        }
    }

    @Test
    void wrongPasswordShowsGenericMessage() {
        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver();
            driver.get(baseUrl() + "/login");
            driver.findElement(By.id("username")).sendKeys("admin");
            driver.findElement(By.id("password")).sendKeys("wrong password");
            driver.findElement(By.id("sign-in")).click();

            browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login?error"));
            assertThat(driver.findElement(By.cssSelector(".alert-critical")).getText()).isEqualTo("Invalid username or password");
            browser.screenshot("login-error");
        }
    }

    private static String serverVersion() throws Exception {
        try (Connection connection = TestPostgres.clusterDataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW server_version")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
