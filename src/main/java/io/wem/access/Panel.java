package io.wem.access;

import java.util.Set;

/**
 * A panel of the console, registered by the feature that owns it as a Spring bean. The registry draws the
 * sidebar from these; {@code defaultRoles} is the factory grant, and a {@code fixed} panel's grant cannot change.
 */
public record Panel(String key, String label, String path, int order, Set<Role> defaultRoles, boolean fixed) {

    public static final String DASHBOARD = "dashboard";
    public static final String MANAGEMENT = "management";

    public Panel {
        defaultRoles = Set.copyOf(defaultRoles);
    }
}
