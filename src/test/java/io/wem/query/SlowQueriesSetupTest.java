package io.wem.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The shared test server writes no csv log, so the panel explains which settings to change. */
class SlowQueriesSetupTest extends WemIntegrationTest {

    @Autowired
    SlowQueryCollector collector;

    @Test
    void panelExplainsMissingCsvLog() {
        collector.poll();
        WemClient admin = client().signedInAs("admin", ADMIN_PASSWORD);

        String page = admin.get("/slow-queries").body();
        assertThat(page).contains("id=\"log-setup-problem\"")
                .contains("logging_collector is off: set logging_collector = on, which takes effect after a server restart.")
                .contains("add csvlog, for example log_destination =");

        JsonNode status = WemClient.json(admin.get("/api/v1/slow-queries/status"));
        assertThat(status.get("problem").asString()).contains("logging_collector is off");
        assertThat(status.get("source").asString()).contains("pg_ls_logdir");
    }
}
