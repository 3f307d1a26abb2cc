package io.wem.account;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.config.StateStoreConfiguration;
import io.wem.config.WemConfig;
import io.wem.settings.SettingsStore;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code wem reset-password USERNAME}: sets a user's password directly in the state store, without the web server,
 * for when the only Admin is locked out or has lost the password. It prompts for the password twice on a terminal
 * and reads one line from standard input otherwise. It clears any lock and is audited as done from the command line.
 */
public final class ResetPasswordCommand {

    static final String ACTOR = "command line";

    private ResetPasswordCommand() {
    }

    /** Returns the process exit status: 0 done, 1 refused or failed. Messages go to standard output or error. */
    public static int run(String username, WemConfig config, Map<String, String> fileValues) {
        Clock clock = Clock.systemUTC();
        try (HikariDataSource dataSource = StateStoreConfiguration.create(config)) {
            String vendor = config.stateStore().isPostgres() ? "postgresql" : "h2";
            Flyway.configure().dataSource(dataSource)
                    .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load().migrate();
            JdbcClient jdbc = JdbcClient.create(dataSource);
            UserRepository users = new UserRepository(jdbc);
            WemUser user = users.findByUsername(username).orElse(null);
            if (user == null) {
                System.err.println("wem: no user named '" + username + "' in the state store");
                return 1;
            }

            String password = readPassword();
            if (password == null) {
                return 1;
            }
            List<String> broken = new PasswordPolicy(SettingsStore.offline(config, fileValues, jdbc)).violations(user.username(), password);
            if (!broken.isEmpty()) {
                System.err.println("wem: password needs " + String.join(", ", broken));
                return 1;
            }

            AuditService audit = AuditService.create(jdbc, new JdbcTemplate(dataSource), clock);
            String hash = new PasswordConfiguration().passwordEncoder().encode(password);
            new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(status -> {
                users.updatePassword(user.id(), hash, false, Instant.now(clock));
                audit.record(AuditEvent.Draft.success(AuditEventType.PASSWORD_RESET, null, ACTOR)
                        .target("user", Long.toString(user.id()), user.username())
                        .details(Map.of("unlocked", true, "via", "wem reset-password")));
            });
            System.out.println("The password of '" + user.username() + "' was reset and the account is unlocked.");
            return 0;
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (message.contains("already in use") || message.contains("Database may be already in use")) {
                System.err.println("wem: the H2 state file is in use by a running WEM; stop it first, then run this again");
            } else {
                System.err.println("wem: resetting the password failed: " + message);
            }
            return 1;
        }
    }

    private static String readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("New password: ");
            char[] second = console.readPassword("Repeat it: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                System.err.println("wem: the two passwords differ; nothing was changed");
                return null;
            }
            return new String(first);
        }
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = input.readLine();
        if (line == null || line.isEmpty()) {
            System.err.println("wem: no password on standard input; nothing was changed");
            return null;
        }
        return line;
    }
}
