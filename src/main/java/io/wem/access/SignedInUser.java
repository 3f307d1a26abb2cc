package io.wem.access;

import java.io.Serializable;
import java.security.Principal;

/** The principal of a signed-in WEM session: who the user is and which role decides what they may do. */
public record SignedInUser(long id, String username, String fullName, Role role) implements Principal, Serializable {

    @Override
    public String getName() {
        return username;
    }
}
