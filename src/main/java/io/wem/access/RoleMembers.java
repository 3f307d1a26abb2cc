package io.wem.access;

import java.util.Map;

/** How many WEM users each role has; the account feature implements it, so access never reads the user table. */
public interface RoleMembers {

    Map<Role, Long> countByRole();
}
