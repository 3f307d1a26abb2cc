package io.wem.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.wem.account.UserRepository;
import io.wem.testsupport.TestPanelConfiguration;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

/** With WEM_ACTION_PERMISSIONS_ENABLED=false every action is Admin-only, whatever the matrix grants. */
@TestPropertySource(properties = "WEM_ACTION_PERMISSIONS_ENABLED=false")
class ActionSwitchOffTest extends WemIntegrationTest {

    private static final String PASSWORD = "Switch-Passw0rd!";

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @Test
    void grantedActionIsAdminOnly() {
        WemClient operator = client();
        operator.apiSignIn(TestUsers.create(users, encoder, "switch-op", Role.OPERATOR, PASSWORD), PASSWORD);
        WemClient admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);

        assertThat(operator.get(TestPanelConfiguration.PAGE).statusCode()).isEqualTo(200);
        assertThat(operator.sendJson("POST", TestPanelConfiguration.ACTION_ROUTE, null, true).statusCode()).isEqualTo(403);
        assertThat(admin.sendJson("POST", TestPanelConfiguration.ACTION_ROUTE, null, true).statusCode()).isEqualTo(204);
        assertThat(WemClient.json(admin.get("/api/v1/permissions")).get("actionPermissionsEnabled").asBoolean()).isFalse();
    }

    @Test
    void permissionsTabShowsBanner() {
        String page = client().signedInAs("admin", ADMIN_PASSWORD).get("/management/permissions").body();

        assertThat(page).contains("id=\"actions-disabled\"").contains("every action is Admin-only");
    }
}
