package io.wem.testsupport;

import java.time.Instant;

import io.wem.access.Role;
import io.wem.account.UserRepository;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Creates WEM users directly in the store, for tests of features that come before user management. */
public final class TestUsers {

    private TestUsers() {
    }

    /** Creates an active user with a unique name derived from {@code prefix}, and returns that name. */
    public static String create(UserRepository users, PasswordEncoder encoder, String prefix, Role role, String password) {
        String username = prefix + "-" + Long.toString(System.nanoTime(), 36);
        users.insert(new UserRepository.NewUser(username, "Test " + prefix, role, encoder.encode(password), true, false, null),
                Instant.now());
        return username;
    }
}
