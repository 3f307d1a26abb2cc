package io.wem.account;

/**
 * Request bodies of the Users API and forms. Enum-like fields are strings so that an invalid value gets a 400
 * naming the field rather than a JSON parse error; null means "not sent".
 */
public final class UserRequests {

    private UserRequests() {
    }

    /** {@code mode} is EXISTING (map to the role {@code name}), CREATE (a new role named like the user) or NONE. */
    public record DatabaseRoleChoice(String mode, String name) {
    }

    public record CreateUser(String username, String fullName, String role, String password, Boolean active,
                             Boolean mustChangePassword, DatabaseRoleChoice databaseRole) {
    }

    /** A partial update: every field left null keeps its current value. */
    public record UpdateUser(String fullName, String role, Boolean active, Boolean mustChangePassword,
                             DatabaseRoleChoice databaseRole) {
    }

    public record PasswordReset(String password) {
    }

    public record PasswordChange(String currentPassword, String newPassword) {
    }
}
