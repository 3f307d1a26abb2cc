package io.wem.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.testsupport.LokiStub;
import io.wem.testsupport.TestPrometheus;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

class ObservePanelsTest extends WemIntegrationTest {

    private static final String PASSWORD = "Observer-Passw0rd!";

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    WemClient admin;
    WemClient viewer;

    @BeforeEach
    void signIn() {
        admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
        viewer = client().signedInAs(TestUsers.create(users, encoder, "observer", Role.VIEWER, PASSWORD), PASSWORD);
    }

    @AfterEach
    void clearUrls() {
        setUrls("", "");
    }

    @Test
    void emptyPrometheusUrlDisablesMetrics() {
        setUrls("", "");

        HttpResponse<String> page = viewer.get("/metrics");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Prometheus is not configured. An Admin can set its URL in Management &gt; Settings.");
        assertThat(page.body()).doesNotContain("id=\"integration-status\"");
        assertThat(viewer.get("/").body()).contains("href=\"/metrics\"").contains("href=\"/logs\"");
    }

    @Test
    void emptyLokiUrlDisablesLogs() {
        HttpResponse<String> page = viewer.get("/logs");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Loki is not configured. An Admin can set its URL in Management &gt; Settings.");
    }

    @Test
    void configuredPrometheusShowsStatusAndHosts() {
        setUrls(TestPrometheus.shared().url(), "");

        String page = viewer.get("/metrics").body();

        assertThat(page).doesNotContain("is not configured");
        assertThat(page).contains("id=\"integration-status\"").contains(">Ready<").contains("Version 2.");
        // The test Prometheus scrapes only itself, so no node_exporter host exists.
        assertThat(page).contains("id=\"no-hosts\"");
    }

    @Test
    void unreachablePrometheusShowsErrorNotFailure() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        setUrls("http://127.0.0.1:" + closed, "");

        HttpResponse<String> page = viewer.get("/metrics");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(">Not ready<").contains("id=\"integration-error\"")
                .contains("Tried http://127.0.0.1:" + closed + "/-/ready");
    }

    @Test
    void configuredLokiShowsReadiness() {
        try (LokiStub loki = LokiStub.start()) {
            setUrls("", loki.url());

            String ready = viewer.get("/logs").body();
            loki.setReady(false);
            String notReady = viewer.get("/logs").body();

            assertThat(ready).contains(">Ready<").contains("Version 3.0.0");
            assertThat(notReady).contains(">Not ready<").contains("Loki is not ready: HTTP 503");
        }
    }

    private void setUrls(String prometheusUrl, String lokiUrl) {
        HttpResponse<String> response = admin.sendJson("PATCH", "/api/v1/settings",
                "{\"prometheusUrl\": \"" + prometheusUrl + "\", \"lokiUrl\": \"" + lokiUrl + "\"}", true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
