package io.wem.access;

import org.springframework.stereotype.Service;

/**
 * The one authorization decision: whether a role may see a panel. Management is Admin-only and Dashboard is
 * open to every role whatever is saved; other panels follow their factory defaults.
 */
@Service
public class AccessPolicy {

    private final PanelRegistry panels;

    AccessPolicy(PanelRegistry panels) {
        this.panels = panels;
    }

    public boolean canSee(Role role, String panelKey) {
        if (Panel.MANAGEMENT.equals(panelKey)) {
            return role == Role.ADMIN;
        }
        if (Panel.DASHBOARD.equals(panelKey)) {
            return true;
        }
        return panels.get(panelKey).defaultRoles().contains(role);
    }
}
