package io.wem.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.wem.testsupport.Browser;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

class UserLifecycleBrowserTest extends WemIntegrationTest {

    private static final String FIRST_PASSWORD = "Operator-Start1!";
    private static final String NEW_PASSWORD = "Operator-Chosen2#";

    @Test
    void adminAddsOperatorWhoChangesPasswordAndIsDeactivated() {
        String username = "operator-" + Long.toString(System.nanoTime(), 36);
        try (Browser adminBrowser = new Browser(); Browser operatorBrowser = new Browser()) {
            WebDriver admin = adminBrowser.driver();
            signIn(adminBrowser, "admin", ADMIN_PASSWORD);

            admin.get(baseUrl() + "/management/users");
            adminBrowser.screenshot("users");
            admin.findElement(By.id("add-user")).click();
            adminBrowser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("user-form")));
            admin.findElement(By.id("username")).sendKeys(username);
            admin.findElement(By.id("fullName")).sendKeys("Night Shift Operator");
            new Select(admin.findElement(By.id("role"))).selectByValue("OPERATOR");
            admin.findElement(By.id("password")).sendKeys("weak");
            admin.findElement(By.id("passwordConfirmation")).sendKeys("weak");
            admin.findElement(By.id("create-user")).click();

            adminBrowser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("error-password")));
            assertThat(admin.findElement(By.id("error-password")).getText()).contains("at least 12 characters");
            assertThat(admin.findElement(By.id("username")).getAttribute("value")).isEqualTo(username);
            adminBrowser.screenshot("user-form-errors");
            admin.findElement(By.id("password")).sendKeys(FIRST_PASSWORD);
            admin.findElement(By.id("passwordConfirmation")).sendKeys(FIRST_PASSWORD);
            admin.findElement(By.id("create-user")).click();

            adminBrowser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("flash-success")));
            assertThat(admin.findElement(By.id("users-table")).getText()).contains(username).contains("Operator");

            WebDriver operator = operatorBrowser.driver();
            signIn(operatorBrowser, username, FIRST_PASSWORD);
            assertThat(operator.getCurrentUrl()).endsWith("/account/password");
            assertThat(operator.findElement(By.id("forced-change")).isDisplayed()).isTrue();
            operatorBrowser.screenshot("forced-password-change");
            operator.findElement(By.id("currentPassword")).sendKeys(FIRST_PASSWORD);
            operator.findElement(By.id("newPassword")).sendKeys(NEW_PASSWORD);
            operator.findElement(By.id("newPasswordConfirmation")).sendKeys(NEW_PASSWORD);
            operator.findElement(By.id("change-password")).click();
            operatorBrowser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("server-version")));
            assertThat(operator.findElements(By.cssSelector("a[href='/management']"))).isEmpty();

            admin.findElement(By.linkText(username)).click();
            adminBrowser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-form")));
            adminBrowser.screenshot("user-edit");
            admin.findElement(By.id("active")).click();
            admin.findElement(By.id("save-user")).click();
            adminBrowser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlMatches("/management/users$"));
            assertThat(admin.findElement(By.id("flash-success")).getText()).contains("was saved");

            operator.findElement(By.id("refresh")).click();
            operatorBrowser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
            assertThat(operator.findElement(By.id("sign-in")).isDisplayed()).isTrue();
        }
    }

    private void signIn(Browser browser, String username, String password) {
        WebDriver driver = browser.driver();
        driver.get(baseUrl() + "/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }
}
