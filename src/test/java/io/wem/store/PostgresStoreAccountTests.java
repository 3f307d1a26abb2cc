package io.wem.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.wem.account.LockoutTest;
import io.wem.account.UserApiTest;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.junit.jupiter.api.Nested;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Users API and lockout tests again, with WEM's state in PostgreSQL instead of H2. */
class PostgresStoreAccountTests {

    static final String DATABASE = "wem_state_accounts";

    @DynamicPropertySource
    static void postgresStore(DynamicPropertyRegistry registry) {
        registry.add("WEM_HOST", () -> "127.0.0.1");
        registry.add("WEM_PORT", () -> TestPostgres.shared().getPort());
        registry.add("WEM_DATABASE", () -> DATABASE);
        registry.add("WEM_USER", () -> TestPostgres.USER);
    }

    @Nested
    class Store extends WemIntegrationTest {

        @Autowired
        JdbcClient jdbc;

        @Test
        void stateIsInPostgres() {
            String product = jdbc.sql("SELECT 1").query((rows, n) -> rows.getStatement().getConnection().getMetaData()
                    .getDatabaseProductName()).single();
            String database = jdbc.sql("SELECT current_database()").query(String.class).single();

            assertThat(product).isEqualTo("PostgreSQL");
            assertThat(database).isEqualTo(DATABASE);
        }
    }

    @Nested
    class Users extends UserApiTest {
    }

    @Nested
    class Lockout extends LockoutTest {
    }
}
