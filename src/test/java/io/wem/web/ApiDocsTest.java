package io.wem.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

class ApiDocsTest extends WemIntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @Test
    void everyApiRouteIsDocumentedWithItsPermission() {
        WemClient admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);

        HttpResponse<String> response = admin.get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = WemClient.json(response).get("paths");
        List<String> missing = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            for (String pattern : entry.getKey().getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                for (var method : entry.getKey().getMethodsCondition().getMethods()) {
                    JsonNode operation = paths.path(pattern).path(method.name().toLowerCase(Locale.ROOT));
                    String expected = ApiDocsConfiguration.permission(entry.getValue());
                    if (operation.isMissingNode() || !expected.equals(operation.path("x-wem-permission").asString())) {
                        missing.add(method + " " + pattern + " (expected " + expected + ")");
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(paths.path("/api/v1/users").path("get").path("x-wem-permission").asString()).isEqualTo("panel:management");
        assertThat(paths.path("/api/v1/session").path("post").path("x-wem-permission").asString()).isEqualTo("public");
    }

    @Test
    void apiDocsAreAdminOnly() {
        WemClient viewer = client();
        viewer.apiSignIn(TestUsers.create(users, encoder, "docs", Role.VIEWER, "Docs-Reader-Passw0rd!"), "Docs-Reader-Passw0rd!");

        assertThat(viewer.get("/v3/api-docs").statusCode()).isEqualTo(403);
        assertThat(client().get("/v3/api-docs").statusCode()).isEqualTo(302);
    }
}
