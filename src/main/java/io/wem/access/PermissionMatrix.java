package io.wem.access;

import java.util.List;
import java.util.Map;

/**
 * The permission grid as the Permissions tab and {@code /api/v1/permissions} show it, and as {@code PUT} takes it
 * back: panels in sidebar order, each with its actions. {@code grants} maps ADMIN, OPERATOR and VIEWER to a flag.
 */
public record PermissionMatrix(List<PanelGrants> panels, Boolean actionPermissionsEnabled) {

    public record PanelGrants(String key, String label, Boolean fixed, String fixedReason, Map<Role, Boolean> grants,
                              List<ActionGrants> actions) {
    }

    public record ActionGrants(String key, String label, Map<Role, Boolean> grants) {
    }
}
