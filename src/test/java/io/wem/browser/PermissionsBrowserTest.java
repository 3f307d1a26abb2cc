package io.wem.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.testsupport.Browser;
import io.wem.testsupport.TestPanelConfiguration;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

class PermissionsBrowserTest extends WemIntegrationTest {

    private static final String PASSWORD = "Viewer-Browser1!";

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @AfterEach
    void restoreDefaults() {
        WemClient admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
        admin.sendJson("POST", "/api/v1/permissions/reset", null, true);
    }

    @Test
    void adminTurnsPanelOffForSignedInViewer() {
        String viewerName = TestUsers.create(users, encoder, "grid-viewer", Role.VIEWER, PASSWORD);
        String panelLink = "a[href='" + TestPanelConfiguration.PAGE + "']";
        try (Browser adminBrowser = new Browser(); Browser viewerBrowser = new Browser()) {
            WebDriver viewer = viewerBrowser.driver();
            signIn(viewerBrowser, viewerName, PASSWORD);
            assertThat(viewer.findElements(By.cssSelector(panelLink))).hasSize(1);

            WebDriver admin = adminBrowser.driver();
            signIn(adminBrowser, "admin", ADMIN_PASSWORD);
            admin.get(baseUrl() + "/management/permissions");
            adminBrowser.screenshot("permissions");
            assertThat(admin.findElement(By.cssSelector(".fixed-cell[title]")).getAttribute("title")).isNotBlank();
            admin.findElement(By.id("panel:" + TestPanelConfiguration.PANEL + ":VIEWER")).click();
            admin.findElement(By.id("save-permissions")).click();
            adminBrowser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("flash-success")));
            assertThat(admin.findElement(By.id("panel:" + TestPanelConfiguration.PANEL + ":VIEWER")).isSelected()).isFalse();

            viewer.navigate().refresh();
            viewerBrowser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("server-version")));
            assertThat(viewer.findElements(By.cssSelector(panelLink))).isEmpty();
            viewer.get(baseUrl() + TestPanelConfiguration.PAGE);
            assertThat(viewer.findElement(By.cssSelector(".error-status")).getText()).startsWith("403");

            admin.get(baseUrl() + "/management/roles");
            adminBrowser.screenshot("roles");
            assertThat(admin.findElement(By.cssSelector("tr[data-role='VIEWER']")).getText()).doesNotContain("Test Panel");
        }
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
