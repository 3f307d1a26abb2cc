package io.wem.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import io.wem.access.Role;
import io.wem.account.WemUser;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The store contract on PostgreSQL, in a database that WEM itself creates on the test server. */
class PostgresStateStoreTest extends StateStoreContract {

    static final String DATABASE = "wem_state_test";

    @DynamicPropertySource
    static void stateStoreProperties(DynamicPropertyRegistry registry) {
        registry.add("WEM_HOST", () -> "127.0.0.1");
        registry.add("WEM_PORT", () -> TestPostgres.shared().getPort());
        registry.add("WEM_DATABASE", () -> DATABASE);
        registry.add("WEM_USER", () -> TestPostgres.USER);
        registry.add("WEM_LOCKOUT_DURATION", () -> "0");
    }

    @Autowired
    PasswordEncoder encoder;

    @Override
    String expectedProduct() {
        return "PostgreSQL";
    }

    @Test
    void zeroDurationLocksUntilUnlocked() {
        String username = TestUsers.create(users, encoder, "forever", Role.VIEWER, "Forever-Passw0rd!");
        for (int i = 0; i < 5; i++) {
            client().apiSignIn(username, "wrong");
        }

        WemUser user = users.findByUsername(username).orElseThrow();

        assertThat(user.lockedAt()).isNotNull();
        assertThat(user.lockedUntil()).isNull();
        assertThat(client().apiSignIn(username, "Forever-Passw0rd!").statusCode()).isEqualTo(401);
    }

    @Test
    void wemCreatedItsDatabase() throws Exception {
        try (Connection connection = TestPostgres.clusterDataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }
}
