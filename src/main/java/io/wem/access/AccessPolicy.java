package io.wem.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.wem.config.WemConfig;
import org.springframework.stereotype.Service;

/**
 * The one authorization decision, used by every page, fragment, API route and stream through
 * {@link AuthorizationInterceptor}, and by templates to draw the sidebar and the buttons.
 * <ul>
 *   <li>Management is Admin-only and Dashboard is open to every role, whatever is saved.</li>
 *   <li>Any other panel or action follows the saved grant, or its factory default when none is saved.</li>
 *   <li>An action also needs its panel, and with {@code WEM_ACTION_PERMISSIONS_ENABLED=false} every action is Admin-only.</li>
 * </ul>
 * Saved grants are cached for {@link #CACHE_TTL} and re-read at once after a change on this instance, so a change
 * reaches signed-in users at their next request (within the TTL on other instances sharing the store).
 */
@Service
public class AccessPolicy {

    static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private final PanelRegistry registry;
    private final PermissionRepository repository;
    private final boolean actionPermissionsEnabled;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private record Snapshot(Map<Role, Map<String, Boolean>> grants, Instant readAt) {
    }

    AccessPolicy(PanelRegistry registry, PermissionRepository repository, WemConfig config, Clock clock) {
        this.registry = registry;
        this.repository = repository;
        this.actionPermissionsEnabled = config.actionPermissionsEnabled();
        this.clock = clock;
    }

    public boolean canSee(Role role, String panelKey) {
        if (Panel.MANAGEMENT.equals(panelKey)) {
            return role == Role.ADMIN;
        }
        if (Panel.DASHBOARD.equals(panelKey)) {
            return true;
        }
        Panel panel = registry.get(panelKey);
        return granted(role, "panel:" + panelKey, panel.defaultRoles().contains(role));
    }

    public boolean canDo(Role role, String actionKey) {
        Action action = registry.action(actionKey);
        if (!canSee(role, action.panelKey())) {
            return false;
        }
        if (!actionPermissionsEnabled) {
            return role == Role.ADMIN;
        }
        return granted(role, "action:" + actionKey, action.defaultRoles().contains(role));
    }

    /** Returns the grant as saved or defaulted, before the fixed rules and the emergency switch apply. */
    boolean storedGrant(Role role, String permission, boolean defaultValue) {
        return granted(role, permission, defaultValue);
    }

    public boolean actionPermissionsEnabled() {
        return actionPermissionsEnabled;
    }

    /** Drops the cached grants, so the next check reads the store; called after every change to the matrix. */
    void invalidate() {
        snapshot = null;
    }

    private boolean granted(Role role, String permission, boolean defaultValue) {
        Boolean saved = grants().getOrDefault(role, Map.of()).get(permission);
        return saved == null ? defaultValue : saved;
    }

    private Map<Role, Map<String, Boolean>> grants() {
        Snapshot current = snapshot;
        Instant now = Instant.now(clock);
        if (current == null || current.readAt().plus(CACHE_TTL).isBefore(now)) {
            current = new Snapshot(repository.load(), now);
            snapshot = current;
        }
        return current.grants();
    }
}
