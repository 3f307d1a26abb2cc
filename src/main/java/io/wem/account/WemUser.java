package io.wem.account;

import java.time.Instant;

import io.wem.access.Role;

/** A WEM account as stored. {@code passwordHash} never leaves the account package. */
public record WemUser(
        long id,
        String username,
        String fullName,
        Role role,
        String passwordHash,
        boolean active,
        boolean mustChangePassword,
        int failedAttempts,
        Instant lockedAt,
        Instant lockedUntil,
        String databaseRole,
        Instant lastLoginAt,
        Instant createdAt) {

    /** Leaves the password hash out, so that a logged user carries no secret. */
    @Override
    public String toString() {
        return "WemUser[id=" + id + ", username=" + username + ", role=" + role + ", active=" + active + "]";
    }
}
