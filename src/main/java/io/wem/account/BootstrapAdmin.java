package io.wem.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.wem.access.Role;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.config.InvalidConfigurationException;
import io.wem.config.WemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the {@code admin} account on the first start, when the store has no user yet. The password comes from
 * {@code WEM_ADMIN_PASSWORD}, else {@code WEM_ADMIN_PASSWORD_FILE}, else it is generated and printed once on the
 * console (standard output, not the log). Later starts never change it.
 */
@Component
public class BootstrapAdmin implements ApplicationRunner {

    static final String USERNAME = "admin";
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final String SPECIALS = "!#%+-.=@_";

    private final WemConfig config;
    private final PasswordPolicy policy;
    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final AuditService audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    BootstrapAdmin(WemConfig config, PasswordPolicy policy, UserRepository users, PasswordEncoder encoder,
                   AuditService audit, TransactionTemplate transaction, Clock clock) {
        this.config = config;
        this.policy = policy;
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        if (users.count() > 0) {
            return;
        }
        boolean generated = !config.adminPassword().isSet() && config.adminPasswordFile() == null;
        String password = generated ? generatePassword() : configuredPassword();
        List<String> broken = policy.violations(USERNAME, password);
        if (!broken.isEmpty()) {
            String source = config.adminPassword().isSet() ? "WEM_ADMIN_PASSWORD" : "WEM_ADMIN_PASSWORD_FILE";
            throw new InvalidConfigurationException(source + " is invalid: the password of '" + USERNAME + "' needs "
                    + String.join(", ", broken));
        }
        try {
            transaction.executeWithoutResult(status -> {
                long id = users.insert(new UserRepository.NewUser(USERNAME, "Administrator", Role.ADMIN,
                        encoder.encode(password), true, false, null), Instant.now(clock));
                audit.record(AuditEvent.Draft.success(AuditEventType.CREATE_USER, null, "system")
                        .target("user", Long.toString(id), USERNAME)
                        .details(Map.of("role", Role.ADMIN.name(), "reason", "first start: no user existed")));
            });
        } catch (DuplicateKeyException e) {
            log.info("Another WEM instance created the admin account first");
            return;
        }
        log.info("Created the first account, '{}', with role Admin", USERNAME);
        if (generated) {
            // Standard output only: the generated password must not reach a log file.
            System.out.println();
            System.out.println("  WEM created the account 'admin' with this generated password: " + password);
            System.out.println("  It is shown only now. Sign in and change it, or set WEM_ADMIN_PASSWORD before the first start.");
            System.out.println();
        }
    }

    private String configuredPassword() {
        if (config.adminPassword().isSet()) {
            return config.adminPassword().reveal();
        }
        try {
            String password = Files.readString(config.adminPasswordFile(), StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                throw new InvalidConfigurationException("WEM_ADMIN_PASSWORD_FILE=" + config.adminPasswordFile()
                        + " is invalid: the file is empty");
            }
            return password;
        } catch (IOException e) {
            throw new InvalidConfigurationException("WEM_ADMIN_PASSWORD_FILE=" + config.adminPasswordFile()
                    + " is invalid: cannot read it (" + e.getMessage() + ")");
        }
    }

    /** Returns 20 random characters with at least one upper case letter, lower case letter, digit and special character. */
    public static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        password.append((char) ('A' + random.nextInt(26)));
        password.append((char) ('a' + random.nextInt(26)));
        password.append((char) ('2' + random.nextInt(8)));
        password.append(SPECIALS.charAt(random.nextInt(SPECIALS.length())));
        while (password.length() < 20) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        for (int i = password.length() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char swap = password.charAt(i);
            password.setCharAt(i, password.charAt(j));
            password.setCharAt(j, swap);
        }
        return password.toString();
    }
}
