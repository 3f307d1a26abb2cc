package io.wem.account;

import java.time.Clock;
import java.time.Instant;

import io.wem.access.Role;

/** A user as the API and the pages show it: everything but the password hash. */
public record UserView(
        long id,
        String username,
        String fullName,
        Role role,
        boolean active,
        boolean locked,
        Instant lockedUntil,
        String databaseRole,
        Instant lastLoginAt,
        int failedAttempts,
        boolean mustChangePassword,
        Instant createdAt) {

    /** Builds the view. A user is locked from {@code lockedAt} until {@code lockedUntil}, or until unlocked when that is null. */
    static UserView of(WemUser user, Clock clock) {
        boolean locked = SignInService.isLocked(user, Instant.now(clock));
        return new UserView(user.id(), user.username(), user.fullName(), user.role(), user.active(), locked,
                locked ? user.lockedUntil() : null, user.databaseRole(), user.lastLoginAt(), user.failedAttempts(),
                user.mustChangePassword(), user.createdAt());
    }
}
