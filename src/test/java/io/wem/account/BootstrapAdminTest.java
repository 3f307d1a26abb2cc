package io.wem.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.wem.access.Role;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.security.crypto.password.PasswordEncoder;

class BootstrapAdminTest extends WemIntegrationTest {

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    BootstrapAdmin bootstrap;

    @Autowired
    AuditService audit;

    @Test
    void adminIsCreatedWithConfiguredPassword() {
        WemUser admin = users.findByUsername("admin").orElseThrow();

        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(admin.active()).isTrue();
        assertThat(admin.passwordHash()).startsWith("$argon2id$");
        assertThat(encoder.matches(ADMIN_PASSWORD, admin.passwordHash())).isTrue();
    }

    @Test
    void laterStartDoesNotChangeAdmin() {
        String hashBefore = users.findByUsername("admin").orElseThrow().passwordHash();
        long countBefore = users.count();

        bootstrap.run(new DefaultApplicationArguments());

        assertThat(users.findByUsername("admin").orElseThrow().passwordHash()).isEqualTo(hashBefore);
        assertThat(users.count()).isEqualTo(countBefore);
    }

    @Test
    void creationIsAuditedWithoutPassword() {
        var created = audit.latest(10_000).stream()
                .filter(event -> event.type() == AuditEventType.CREATE_USER && "admin".equals(event.targetName()))
                .findFirst()
                .orElseThrow();

        assertThat(created.actorUsername()).isEqualTo("system");
        assertThat(created.details()).doesNotContain(ADMIN_PASSWORD).doesNotContain("argon2");
    }

    @Test
    void generatedPasswordHasEveryCharacterClass() {
        for (int i = 0; i < 50; i++) {
            String password = BootstrapAdmin.generatePassword();

            assertThat(password).hasSize(20);
            assertThat(password).matches(".*[A-Z].*").matches(".*[a-z].*").matches(".*[0-9].*").matches(".*[^A-Za-z0-9].*");
        }
    }
}
