package io.wem.account;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.wem.access.Role;
import io.wem.access.SignedInUser;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.cluster.DatabaseRoleService;
import io.wem.web.WemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The user lifecycle that the Users tab and its API share: each method is one use case that validates its input,
 * applies the guards, changes the store and records its audit event in one transaction.
 */
@Service
public class UserService {

    static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9_.-]{0,62}");
    static final int MAX_FULL_NAME_LENGTH = 200;
    private static final Logger log = LoggerFactory.getLogger(UserService.class);

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final DatabaseRoleService databaseRoles;
    private final AuditService audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    UserService(UserRepository users, PasswordEncoder encoder, PasswordPolicy policy, DatabaseRoleService databaseRoles,
                AuditService audit, TransactionTemplate transaction, Clock clock) {
        this.users = users;
        this.encoder = encoder;
        this.policy = policy;
        this.databaseRoles = databaseRoles;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    public List<UserView> search(String text, String role, String status) {
        Map<String, String> invalid = new LinkedHashMap<>();
        Role parsedRole = role == null || role.isBlank() ? null : parseRole(role, invalid);
        if (status != null && !status.isBlank() && !List.of("active", "inactive", "locked").contains(status)) {
            invalid.put("status", "status must be one of active, inactive, locked, got '" + status + "'");
        }
        throwIfInvalid(invalid);
        Instant now = Instant.now(clock);
        return users.search(text, parsedRole, status == null || status.isBlank() ? null : status, now).stream()
                .map(user -> UserView.of(user, clock))
                .toList();
    }

    public UserRepository.Summary summary() {
        return users.summary(Instant.now(clock));
    }

    public UserView get(long id) {
        return UserView.of(find(id), clock);
    }

    public UserView create(SignedInUser actor, UserRequests.CreateUser request) {
        Map<String, String> invalid = new LinkedHashMap<>();
        String username = request.username() == null ? "" : request.username().strip();
        if (!USERNAME.matcher(username).matches()) {
            invalid.put("username", "Username must be 1 to 63 characters: lower case letters, digits, '_', '.' or '-', "
                    + "starting with a letter");
        }
        String fullName = fullName(request.fullName(), invalid);
        Role role = request.role() == null ? missing("role", invalid) : parseRole(request.role(), invalid);
        List<String> broken = policy.violations(username, request.password());
        if (!broken.isEmpty()) {
            invalid.put("password", "Password needs " + String.join(", ", broken));
        }
        String mode = databaseRoleMode(request.databaseRole(), invalid);
        String existingRole = "EXISTING".equals(mode) ? requiredRoleName(request.databaseRole(), invalid) : null;
        throwIfInvalid(invalid);

        if (users.findByUsername(username).isPresent()) {
            throw WemException.conflict("A user named '" + username + "' already exists");
        }
        if (existingRole != null) {
            checkLoginRole(existingRole);
        }
        boolean active = request.active() == null || request.active();
        boolean mustChange = request.mustChangePassword() == null || request.mustChangePassword();
        String mappedRole = "CREATE".equals(mode) ? username : existingRole;
        String hash = encoder.encode(request.password());

        DatabaseRoleService.PendingRole pending = "CREATE".equals(mode) ? beginCreateRole(username, request.password()) : null;
        try {
            long id = transaction.execute(status -> {
                Instant now = Instant.now(clock);
                long newId = users.insert(new UserRepository.NewUser(username, fullName, role, hash, active, mustChange,
                        mappedRole), now);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("role", role.name());
                details.put("fullName", fullName);
                details.put("active", active);
                details.put("mustChangePassword", mustChange);
                details.put("databaseRole", mappedRole == null ? "none" : mappedRole);
                details.put("databaseRoleMode", mode);
                audit.record(actorDraft(AuditEventType.CREATE_USER, actor).target("user", Long.toString(newId), username)
                        .details(details));
                if (pending != null) {
                    audit.record(actorDraft(AuditEventType.CREATE_DATABASE_ROLE, actor)
                            .target("database role", null, username).details(Map.of("login", true, "forUser", username)));
                    // Committed last inside the store's transaction: if it fails, the WEM user rolls back too.
                    commitRole(pending);
                }
                return newId;
            });
            log.info("User {} (id {}) created by {} with role {}", username, id, actor.username(), role);
            return get(id);
        } catch (RuntimeException e) {
            if (pending != null && pending.isCommitted()) {
                // NOTE: the cluster committed first, so a failed commit of the store leaves the role behind.
                log.error("Database role {} was created on the cluster but WEM user {} was not saved: {}; "
                        + "drop the role or create the user again with the EXISTING mapping", username, username, e.getMessage());
            }
            throw e;
        } finally {
            if (pending != null) {
                pending.close();
            }
        }
    }

    public UserView update(SignedInUser actor, long id, UserRequests.UpdateUser request) {
        return transaction.execute(status -> {
            WemUser before = find(id);
            Map<String, String> invalid = new LinkedHashMap<>();
            String fullName = request.fullName() == null ? before.fullName() : fullName(request.fullName(), invalid);
            Role role = request.role() == null ? before.role() : parseRole(request.role(), invalid);
            boolean active = request.active() == null ? before.active() : request.active();
            boolean mustChange = request.mustChangePassword() == null ? before.mustChangePassword() : request.mustChangePassword();
            String databaseRole = before.databaseRole();
            if (request.databaseRole() != null) {
                String mode = databaseRoleMode(request.databaseRole(), invalid);
                if ("CREATE".equals(mode)) {
                    invalid.put("databaseRole.mode", "CREATE is available only when adding a user; choose EXISTING or NONE");
                }
                databaseRole = "EXISTING".equals(mode) ? requiredRoleName(request.databaseRole(), invalid) : null;
            }
            throwIfInvalid(invalid);
            if (databaseRole != null && !databaseRole.equals(before.databaseRole())) {
                checkLoginRole(databaseRole);
            }

            boolean losesAdmin = before.role() == Role.ADMIN && before.active() && (role != Role.ADMIN || !active);
            if (losesAdmin) {
                guardLastAdmin(before, role != Role.ADMIN ? "demoted" : "deactivated");
            }

            Map<String, Object> diff = new LinkedHashMap<>();
            addChange(diff, "fullName", before.fullName(), fullName);
            addChange(diff, "role", before.role().name(), role.name());
            addChange(diff, "active", before.active(), active);
            addChange(diff, "databaseRole", before.databaseRole(), databaseRole);
            addChange(diff, "mustChangePassword", before.mustChangePassword(), mustChange);
            if (!diff.isEmpty()) {
                users.updateProfile(id, fullName, role, active, databaseRole, mustChange, Instant.now(clock));
                audit.record(actorDraft(AuditEventType.UPDATE_USER, actor).target("user", Long.toString(id), before.username())
                        .details(Map.of("changes", diff)));
                log.info("User {} (id {}) updated by {}: {}", before.username(), id, actor.username(), diff.keySet());
            }
            return get(id);
        });
    }

    public void delete(SignedInUser actor, long id) {
        transaction.executeWithoutResult(status -> {
            WemUser user = find(id);
            if (user.id() == actor.id()) {
                throw WemException.conflict("You cannot delete your own account; another Admin can");
            }
            if (user.role() == Role.ADMIN && user.active()) {
                guardLastAdmin(user, "deleted");
            }
            users.delete(id);
            audit.record(actorDraft(AuditEventType.DELETE_USER, actor).target("user", Long.toString(id), user.username())
                    .details(Map.of("role", user.role().name(), "fullName", user.fullName())));
            log.info("User {} (id {}) deleted by {}", user.username(), id, actor.username());
        });
    }

    public UserView unlock(SignedInUser actor, long id) {
        return transaction.execute(status -> {
            WemUser user = find(id);
            boolean wasLocked = SignInService.isLocked(user, Instant.now(clock));
            users.unlock(id, Instant.now(clock));
            audit.record(actorDraft(AuditEventType.ACCOUNT_UNLOCKED, actor).target("user", Long.toString(id), user.username())
                    .details(Map.of("wasLocked", wasLocked, "failedAttempts", user.failedAttempts())));
            return get(id);
        });
    }

    /** Sets a temporary password that the user must change at the next sign-in; it also clears a lock. */
    public UserView resetPassword(SignedInUser actor, long id, UserRequests.PasswordReset request) {
        return transaction.execute(status -> {
            WemUser user = find(id);
            policy.check("password", user.username(), request.password());
            users.updatePassword(id, encoder.encode(request.password()), true, Instant.now(clock));
            audit.record(actorDraft(AuditEventType.PASSWORD_RESET, actor).target("user", Long.toString(id), user.username())
                    .details(Map.of("mustChangePassword", true, "unlocked", SignInService.isLocked(user, Instant.now(clock)))));
            log.info("Password of user {} (id {}) reset by {}", user.username(), id, actor.username());
            return get(id);
        });
    }

    /** Changes the signed-in user's own password after checking the current one. */
    public void changeOwnPassword(SignedInUser actor, UserRequests.PasswordChange request) {
        transaction.executeWithoutResult(status -> {
            WemUser user = find(actor.id());
            if (request.currentPassword() == null || !encoder.matches(request.currentPassword(), user.passwordHash())) {
                throw WemException.invalid("currentPassword", "The current password is incorrect");
            }
            policy.check("newPassword", user.username(), request.newPassword());
            if (request.newPassword().equals(request.currentPassword())) {
                throw WemException.invalid("newPassword", "The new password must differ from the current one");
            }
            users.updatePassword(user.id(), encoder.encode(request.newPassword()), false, Instant.now(clock));
            audit.record(actorDraft(AuditEventType.PASSWORD_CHANGE, actor).target("user", Long.toString(user.id()), user.username()));
        });
    }

    private WemUser find(long id) {
        return users.findById(id).orElseThrow(() -> WemException.notFound("No user with id " + id));
    }

    private void guardLastAdmin(WemUser user, String change) {
        List<Long> admins = users.lockActiveAdmins();
        if (admins.size() <= 1 && admins.contains(user.id())) {
            throw WemException.conflict("'" + user.username() + "' is the last active Admin and cannot be " + change
                    + "; make another user an active Admin first");
        }
    }

    private void checkLoginRole(String name) {
        try {
            if (!databaseRoles.isLoginRole(name)) {
                throw WemException.invalid("databaseRole.name", "'" + name + "' is not a login role on the cluster");
            }
        } catch (SQLException e) {
            throw new WemException(HttpStatus.SERVICE_UNAVAILABLE,
                    "The cluster could not be asked about role '" + name + "': " + e.getMessage(), "databaseRole.name");
        }
    }

    private DatabaseRoleService.PendingRole beginCreateRole(String name, String password) {
        try {
            return databaseRoles.beginCreate(name, password);
        } catch (SQLException e) {
            log.info("Creating database role {} failed: {}", name, e.getMessage());
            throw new WemException(HttpStatus.CONFLICT,
                    "The cluster could not create the role '" + name + "': " + e.getMessage(), "databaseRole");
        }
    }

    private static void commitRole(DatabaseRoleService.PendingRole pending) {
        try {
            pending.commit();
        } catch (SQLException e) {
            throw new WemException(HttpStatus.CONFLICT,
                    "The cluster could not commit the role '" + pending.name() + "': " + e.getMessage(), "databaseRole");
        }
    }

    private static AuditEvent.Draft actorDraft(AuditEventType type, SignedInUser actor) {
        return AuditEvent.Draft.success(type, actor.id(), actor.username());
    }

    private static String fullName(String value, Map<String, String> invalid) {
        String name = value == null ? "" : value.strip();
        if (name.length() > MAX_FULL_NAME_LENGTH) {
            invalid.put("fullName", "Full name must be at most " + MAX_FULL_NAME_LENGTH + " characters, got " + name.length());
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            invalid.put("fullName", "Full name must not contain control characters");
        }
        return name;
    }

    private static Role parseRole(String value, Map<String, String> invalid) {
        try {
            return Role.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            invalid.put("role", "Role must be one of ADMIN, OPERATOR, VIEWER, got '" + value + "'");
            return null;
        }
    }

    private static Role missing(String field, Map<String, String> invalid) {
        invalid.put(field, "Role is missing: choose ADMIN, OPERATOR or VIEWER");
        return null;
    }

    private static String databaseRoleMode(UserRequests.DatabaseRoleChoice choice, Map<String, String> invalid) {
        if (choice == null || choice.mode() == null || choice.mode().isBlank()) {
            return "NONE";
        }
        String mode = choice.mode().strip().toUpperCase(Locale.ROOT);
        if (!List.of("EXISTING", "CREATE", "NONE").contains(mode)) {
            invalid.put("databaseRole.mode", "Database role mode must be one of EXISTING, CREATE, NONE, got '" + choice.mode() + "'");
            return "NONE";
        }
        return mode;
    }

    private static String requiredRoleName(UserRequests.DatabaseRoleChoice choice, Map<String, String> invalid) {
        if (choice.name() == null || choice.name().isBlank()) {
            invalid.put("databaseRole.name", "Choose the database role to map this user to");
            return null;
        }
        return choice.name().strip();
    }

    private static void addChange(Map<String, Object> diff, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("before", before);
            change.put("after", after);
            diff.put(field, change);
        }
    }

    private static void throwIfInvalid(Map<String, String> invalid) {
        if (!invalid.isEmpty()) {
            throw WemException.invalid(invalid);
        }
    }
}
