package io.wem.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest extends WemIntegrationTest {

    @Test
    void metricsAreServedWithoutSignIn() {
        WemClient client = client();
        client.get("/login");

        HttpResponse<String> response = client.get("/prom/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body()).containsPattern("(?m)^wem_build_info\\{.*version=\"[^\"]+\".*\\} 1");
        assertThat(response.body()).containsPattern("(?m)^wem_cluster_up\\{.*\\} 1");
        assertThat(response.body()).containsPattern("(?m)^jvm_memory_used_bytes\\{");
        assertThat(response.body()).containsPattern("(?m)^http_server_requests_seconds_count\\{");
    }

    @Test
    void healthHidesDetailsFromAnonymousCallers() {
        HttpResponse<String> response = client().get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void otherActuatorEndpointsAreNotExposed() {
        WemClient client = client().signedInAs("admin", ADMIN_PASSWORD);

        assertThat(client.get("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(client.get("/actuator/beans").statusCode()).isEqualTo(404);
    }
}
