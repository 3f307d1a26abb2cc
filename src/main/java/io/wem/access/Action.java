package io.wem.access;

import java.util.Set;

/**
 * An operation that changes something outside WEM's own Management pages, such as cancelling a query. A feature
 * registers each of its actions as a Spring bean; a role may take an action only when it may also see {@code panelKey}.
 */
public record Action(String key, String label, String panelKey, Set<Role> defaultRoles) {

    public Action {
        defaultRoles = Set.copyOf(defaultRoles);
    }
}
