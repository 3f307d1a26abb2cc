package io.wem.access;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.web.WemException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads, saves and resets the permission matrix; the Permissions tab and its API share these methods. */
@Service
public class PermissionService {

    static final String MANAGEMENT_REASON = "Management is Admin-only and cannot be granted to another role";
    static final String DASHBOARD_REASON = "The Dashboard is visible to every role";

    private final PanelRegistry registry;
    private final PermissionRepository repository;
    private final AccessPolicy policy;
    private final AuditService audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PermissionService(PanelRegistry registry, PermissionRepository repository, AccessPolicy policy, AuditService audit,
                      TransactionTemplate transaction, Clock clock) {
        this.registry = registry;
        this.repository = repository;
        this.policy = policy;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Returns the matrix with each cell as saved, or as its factory default when nothing is saved. */
    public PermissionMatrix current() {
        List<PermissionMatrix.PanelGrants> panels = new ArrayList<>();
        for (Panel panel : registry.all()) {
            List<PermissionMatrix.ActionGrants> actions = registry.actionsOf(panel.key()).stream()
                    .map(action -> new PermissionMatrix.ActionGrants(action.key(), action.label(),
                            grants(role -> policy.storedGrant(role, "action:" + action.key(), action.defaultRoles().contains(role)))))
                    .toList();
            panels.add(new PermissionMatrix.PanelGrants(panel.key(), panel.label(), panel.fixed(), fixedReason(panel),
                    grants(role -> panel.fixed() ? panel.defaultRoles().contains(role)
                            : policy.storedGrant(role, "panel:" + panel.key(), panel.defaultRoles().contains(role))),
                    actions));
        }
        return new PermissionMatrix(panels, policy.actionPermissionsEnabled());
    }

    /** Saves a full matrix. Unknown keys, missing keys, changed fixed cells and orphan actions are a 400 naming them. */
    public PermissionMatrix update(SignedInUser actor, PermissionMatrix requested) {
        Map<String, Map<Role, Boolean>> cells = validate(requested);
        return transaction.execute(status -> {
            PermissionMatrix before = current();
            List<Map<String, Object>> changes = changes(flatten(before), cells);
            if (changes.isEmpty()) {
                return before;
            }
            List<PermissionRepository.Grant> rows = new ArrayList<>();
            cells.forEach((permission, grants) -> grants.forEach((role, granted) ->
                    rows.add(new PermissionRepository.Grant(role, permission, granted))));
            repository.replaceAll(rows, Instant.now(clock));
            policy.invalidate();
            audit.record(AuditEvent.Draft.success(AuditEventType.UPDATE_PERMISSIONS, actor.id(), actor.username())
                    .target("permissions", null, "permission matrix").details(Map.of("changes", changes)));
            return current();
        });
    }

    /** Restores the factory matrix for every role. */
    public PermissionMatrix reset(SignedInUser actor) {
        return transaction.execute(status -> {
            Map<String, Map<Role, Boolean>> before = flatten(current());
            repository.deleteAll();
            policy.invalidate();
            List<Map<String, Object>> changes = changes(before, flatten(current()));
            audit.record(AuditEvent.Draft.success(AuditEventType.RESET_PERMISSIONS, actor.id(), actor.username())
                    .target("permissions", null, "permission matrix").details(Map.of("changes", changes)));
            return current();
        });
    }

    private Map<String, Map<Role, Boolean>> validate(PermissionMatrix requested) {
        if (requested == null || requested.panels() == null) {
            throw WemException.invalid("panels", "The body must contain the full matrix under 'panels'");
        }
        Map<String, Map<Role, Boolean>> cells = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        List<String> problems = new ArrayList<>();

        for (PermissionMatrix.PanelGrants panel : requested.panels()) {
            if (panel.key() == null || !registry.hasPanel(panel.key())) {
                unknown.add("panel " + panel.key());
                continue;
            }
            Panel registered = registry.get(panel.key());
            if (registered.fixed()) {
                // A fixed panel may be sent back as read, but none of its cells may change.
                Map<Role, Boolean> sent = panel.grants() == null ? Map.of() : panel.grants();
                sent.forEach((role, granted) -> {
                    if (granted != null && granted != registered.defaultRoles().contains(role)) {
                        problems.add("panel " + panel.key() + " is fixed for " + role + ": " + fixedReason(registered));
                    }
                });
            } else {
                cells.put("panel:" + panel.key(), completeGrants("panel " + panel.key(), panel.grants(), problems));
            }
            for (PermissionMatrix.ActionGrants action : panel.actions() == null ? List.<PermissionMatrix.ActionGrants>of() : panel.actions()) {
                if (action.key() == null || !registry.hasAction(action.key())
                        || !registry.action(action.key()).panelKey().equals(panel.key())) {
                    unknown.add("action " + action.key() + " of panel " + panel.key());
                    continue;
                }
                cells.put("action:" + action.key(), completeGrants("action " + action.key(), action.grants(), problems));
            }
        }
        if (!unknown.isEmpty()) {
            throw WemException.invalid("panels", "Unknown keys: " + String.join(", ", unknown));
        }

        List<String> missing = new ArrayList<>();
        for (Panel panel : registry.all()) {
            if (!panel.fixed() && !cells.containsKey("panel:" + panel.key())) {
                missing.add("panel " + panel.key());
            }
        }
        for (Action action : registry.actions()) {
            if (!cells.containsKey("action:" + action.key())) {
                missing.add("action " + action.key());
            }
        }
        if (!missing.isEmpty()) {
            problems.add("the full matrix is required; missing: " + String.join(", ", missing));
        }

        for (Action action : registry.actions()) {
            Map<Role, Boolean> actionGrants = cells.get("action:" + action.key());
            if (actionGrants == null) {
                continue;
            }
            for (Role role : Role.values()) {
                if (Boolean.TRUE.equals(actionGrants.get(role)) && !panelGranted(cells, action.panelKey(), role)) {
                    problems.add("action " + action.key() + " cannot be granted to " + role + " because " + role
                            + " cannot see panel " + action.panelKey());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw WemException.invalid("panels", "Invalid permissions: " + String.join("; ", problems));
        }
        return cells;
    }

    private boolean panelGranted(Map<String, Map<Role, Boolean>> cells, String panelKey, Role role) {
        Panel panel = registry.get(panelKey);
        if (panel.fixed()) {
            return panel.defaultRoles().contains(role);
        }
        return Boolean.TRUE.equals(cells.getOrDefault("panel:" + panelKey, Map.of()).get(role));
    }

    private static Map<Role, Boolean> completeGrants(String cell, Map<Role, Boolean> grants, List<String> problems) {
        Map<Role, Boolean> complete = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            Boolean value = grants == null ? null : grants.get(role);
            if (value == null) {
                problems.add(cell + " has no grant for " + role);
            } else {
                complete.put(role, value);
            }
        }
        return complete;
    }

    private static Map<String, Map<Role, Boolean>> flatten(PermissionMatrix matrix) {
        Map<String, Map<Role, Boolean>> cells = new LinkedHashMap<>();
        for (PermissionMatrix.PanelGrants panel : matrix.panels()) {
            if (!Boolean.TRUE.equals(panel.fixed())) {
                cells.put("panel:" + panel.key(), panel.grants());
            }
            for (PermissionMatrix.ActionGrants action : panel.actions()) {
                cells.put("action:" + action.key(), action.grants());
            }
        }
        return cells;
    }

    /** Lists the cells whose value differs, each as permission, role, old and new value. */
    private static List<Map<String, Object>> changes(Map<String, Map<Role, Boolean>> before, Map<String, Map<Role, Boolean>> after) {
        List<Map<String, Object>> changes = new ArrayList<>();
        after.forEach((permission, grants) -> grants.forEach((role, value) -> {
            Boolean old = before.getOrDefault(permission, Map.of()).get(role);
            if (old == null || old.booleanValue() != value) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("permission", permission);
                change.put("role", role.name());
                change.put("before", old);
                change.put("after", value);
                changes.add(change);
            }
        }));
        return changes;
    }

    private static Map<Role, Boolean> grants(Function<Role, Boolean> grant) {
        Map<Role, Boolean> grants = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            grants.put(role, grant.apply(role));
        }
        return grants;
    }

    static String fixedReason(Panel panel) {
        if (!panel.fixed()) {
            return null;
        }
        return Panel.MANAGEMENT.equals(panel.key()) ? MANAGEMENT_REASON : DASHBOARD_REASON;
    }
}
