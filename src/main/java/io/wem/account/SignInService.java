package io.wem.account;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.wem.access.SignedInUser;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.config.WemConfig;
import io.wem.settings.SettingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a username and password for every sign-in path (the form and {@code POST /api/v1/session}), so the
 * rules and the audit events cannot differ between them. Every failure raises the same generic message, and an
 * unknown username is hashed against a dummy so that it costs about the same time as a known one.
 */
@Service
public class SignInService {

    public static final String GENERIC_FAILURE = "Invalid username or password";
    private static final int MAX_ATTEMPTED_USERNAME_LENGTH = 100;
    private static final Logger log = LoggerFactory.getLogger(SignInService.class);

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final AuditService audit;
    private final Clock clock;
    private final String dummyHash;
    private final SettingsStore settings;
    private final Counter successes;
    private final Counter failures;
    private final Counter rejectedWhileLocked;

    SignInService(UserRepository users, PasswordEncoder encoder, AuditService audit, Clock clock, SettingsStore settings,
                  MeterRegistry metrics) {
        this.users = users;
        this.successes = signIns(metrics, "success");
        this.failures = signIns(metrics, "failure");
        this.rejectedWhileLocked = signIns(metrics, "locked");
        // Read on each scrape: a count over WEM's own user table, which is small.
        Gauge.builder("wem.accounts.locked", () -> users.countLocked(Instant.now(clock)))
                .description("WEM accounts locked now after failed sign-ins")
                .register(metrics);
        this.settings = settings;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
        this.dummyHash = encoder.encode("dummy password for unknown users");
    }

    /**
     * Returns the signed-in user, or raises {@link BadCredentialsException} with the generic message. The
     * failure's audit event commits although the exception leaves the method.
     */
    @Transactional(noRollbackFor = BadCredentialsException.class)
    public SignedInUser signIn(String username, String password) {
        String attempted = printable(username);
        WemUser user = attempted.isEmpty() ? null : users.findByUsername(attempted).orElse(null);

        if (user == null) {
            encoder.matches(password == null ? "" : password, dummyHash);
            failures.increment();
            return fail(null, attempted, "unknown user");
        }
        boolean passwordMatches = encoder.matches(password == null ? "" : password, user.passwordHash());
        Instant now = Instant.now(clock);
        if (isLocked(user, now)) {
            // Audited, but not counted: a failure while locked must not extend the lock.
            rejectedWhileLocked.increment();
            return fail(user.id(), user.username(), "account locked");
        }
        if (!passwordMatches) {
            countFailure(user, now);
            failures.increment();
            return fail(user.id(), user.username(), "wrong password");
        }
        if (!user.active()) {
            failures.increment();
            return fail(user.id(), user.username(), "account inactive");
        }

        users.recordSignIn(user.id(), now);
        successes.increment();
        audit.record(AuditEvent.Draft.success(AuditEventType.LOGIN, user.id(), user.username())
                .target("user", Long.toString(user.id()), user.username()));
        log.info("User {} (id {}) signed in", user.username(), user.id());
        return new SignedInUser(user.id(), user.username(), user.fullName(), user.role());
    }

    /** Returns whether the account is locked at {@code now}: from its lock time until the end, or indefinitely. */
    public static boolean isLocked(WemUser user, Instant now) {
        return user.lockedAt() != null && (user.lockedUntil() == null || user.lockedUntil().isAfter(now));
    }

    private void countFailure(WemUser user, Instant now) {
        WemConfig.AccountPolicy policy = settings.current().accountPolicy();
        users.recordFailure(user.id(), now, now.minus(policy.lockoutWindow()));
        Instant until = policy.lockoutDuration().isZero() ? null : now.plus(policy.lockoutDuration());
        if (users.lockIfThresholdReached(user.id(), policy.lockoutThreshold(), now, until)) {
            audit.record(AuditEvent.Draft.success(AuditEventType.ACCOUNT_LOCKED, null, "system")
                    .target("user", Long.toString(user.id()), user.username())
                    .details(Map.of("threshold", policy.lockoutThreshold(),
                            "windowMinutes", policy.lockoutWindow().toMinutes(),
                            "lockedUntil", until == null ? "until unlocked" : until.toString())));
            log.warn("Locked user {} (id {}) after {} failed sign-ins", user.username(), user.id(), policy.lockoutThreshold());
        }
    }

    /** Registers the counter behind {@code wem_logins_total} for one outcome: success, failure, or locked for a locked account. */
    private static Counter signIns(MeterRegistry metrics, String outcome) {
        return Counter.builder("wem.logins").tag("outcome", outcome)
                .description("Sign-in attempts by outcome: success, failure (unknown user, wrong password or inactive account), locked")
                .register(metrics);
    }

    private SignedInUser fail(Long userId, String attemptedUsername, String reason) {
        audit.record(AuditEvent.Draft.failure(AuditEventType.FAILED_LOGIN, userId, attemptedUsername, reason)
                .target("user", userId == null ? null : Long.toString(userId), attemptedUsername));
        log.info("Sign-in failed for username '{}': {}", attemptedUsername, reason);
        throw new BadCredentialsException(GENERIC_FAILURE);
    }

    /** Trims an attempted username to what the audit row can hold, without control characters that could forge log lines. */
    private static String printable(String username) {
        if (username == null) {
            return "";
        }
        String cleaned = username.strip().replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > MAX_ATTEMPTED_USERNAME_LENGTH ? cleaned.substring(0, MAX_ATTEMPTED_USERNAME_LENGTH) : cleaned;
    }
}
