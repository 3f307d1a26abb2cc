package io.wem.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.wem.access.Role;
import io.wem.config.ConfigParameter;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Runs {@code wem reset-password} as a separate process against an H2 state store that no server has open. */
class ResetPasswordCommandTest {

    private static final String NEW_PASSWORD = "Recovered-Passw0rd#";

    @TempDir
    Path dataDir;

    JdbcClient jdbc;
    PasswordEncoder encoder = new PasswordConfiguration().passwordEncoder();

    @BeforeEach
    void createLockedAdmin() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dataDir.resolve("wem") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        h2.setUser("wem");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(h2);
        new UserRepository(jdbc).insert(new UserRepository.NewUser("admin", "Administrator", Role.ADMIN,
                encoder.encode("Forgotten-Passw0rd!"), true, false, null), Instant.now());
        jdbc.sql("UPDATE wem_user SET locked_at = :now, locked_until = NULL, failed_attempts = 5")
                .param("now", Timestamp.from(Instant.now())).update();
    }

    @Test
    void resetSetsPasswordUnlocksAndAudits() throws Exception {
        Result result = run("admin", NEW_PASSWORD + "\n");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("was reset and the account is unlocked");
        UserRepository users = new UserRepository(jdbc);
        WemUser admin = users.findByUsername("admin").orElseThrow();
        assertThat(encoder.matches(NEW_PASSWORD, admin.passwordHash())).isTrue();
        assertThat(admin.lockedAt()).isNull();
        assertThat(admin.failedAttempts()).isZero();
        String actor = jdbc.sql("SELECT actor_username FROM audit_event WHERE event_type = 'PASSWORD_RESET'").query(String.class).single();
        assertThat(actor).isEqualTo("command line");
        String details = jdbc.sql("SELECT details FROM audit_event WHERE event_type = 'PASSWORD_RESET'").query(String.class).single();
        assertThat(details).doesNotContain(NEW_PASSWORD);
    }

    @Test
    void weakPasswordChangesNothing() throws Exception {
        String before = new UserRepository(jdbc).findByUsername("admin").orElseThrow().passwordHash();

        Result result = run("admin", "weak\n");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("password needs").contains("a digit");
        assertThat(new UserRepository(jdbc).findByUsername("admin").orElseThrow().passwordHash()).isEqualTo(before);
    }

    @Test
    void unknownUserIsReported() throws Exception {
        Result result = run("nobody", NEW_PASSWORD + "\n");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("no user named 'nobody'");
    }

    record Result(int exitCode, String output) {
    }

    private Result run(String username, String input) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = dataDir.resolve("output.txt");
        Path stdin = dataDir.resolve("stdin.txt");
        Files.writeString(stdin, input, StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.wem.WemApplication", "reset-password", username)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(stdin.toFile())
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(key -> ConfigParameter.names().contains(key));
        builder.environment().put("WEM_DATA_DIR", dataDir.toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("wem reset-password did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
