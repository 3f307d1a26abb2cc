package io.wem.access;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.wem.web.WemException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Management > Roles and Management > Permissions, with their API twins. Admin-only, as all of Management. */
@Controller
@RequiresPanel(Panel.MANAGEMENT)
class PermissionsController {

    static final String ROLES = "management/roles";
    static final String PERMISSIONS = "management/permissions";

    private final PermissionService permissions;
    private final AccessPolicy policy;
    private final PanelRegistry registry;
    private final RoleMembers members;

    PermissionsController(PermissionService permissions, AccessPolicy policy, PanelRegistry registry, RoleMembers members) {
        this.permissions = permissions;
        this.policy = policy;
        this.registry = registry;
        this.members = members;
    }

    /** A role with its members and what it may currently see and do. */
    record RoleSummary(String name, String label, String description, long userCount, List<String> panels,
                       List<String> actions) {
    }

    @GetMapping("/management/roles")
    String roles(Model model) {
        model.addAttribute("roles", roleSummaries());
        return ROLES;
    }

    @GetMapping(path = "/api/v1/roles", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, List<RoleSummary>> rolesApi() {
        return Map.of("roles", roleSummaries());
    }

    @GetMapping("/management/permissions")
    String permissionsPage(Model model) {
        model.addAttribute("matrix", permissions.current());
        model.addAttribute("roles", Role.values());
        return PERMISSIONS;
    }

    /** Saves the grid from the form: a ticked box is sent as {@code panel:KEY:ROLE} or {@code action:KEY:ROLE}. */
    @PostMapping("/management/permissions")
    String save(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        List<PermissionMatrix.PanelGrants> panels = new ArrayList<>();
        for (Panel panel : registry.all()) {
            List<PermissionMatrix.ActionGrants> actions = registry.actionsOf(panel.key()).stream()
                    .map(action -> new PermissionMatrix.ActionGrants(action.key(), action.label(),
                            ticked(form, "action:" + action.key())))
                    .toList();
            panels.add(new PermissionMatrix.PanelGrants(panel.key(), panel.label(), panel.fixed(), null,
                    panel.fixed() ? null : ticked(form, "panel:" + panel.key()), actions));
        }
        try {
            permissions.update(AuthorizationInterceptor.currentUser(), new PermissionMatrix(panels, null));
        } catch (WemException e) {
            model.addAttribute("matrix", permissions.current());
            model.addAttribute("roles", Role.values());
            model.addAttribute("error", e.getMessage());
            return PERMISSIONS;
        }
        redirect.addFlashAttribute("success", "Permissions were saved. Signed-in users get them at their next request.");
        return "redirect:/management/permissions";
    }

    @PostMapping("/management/permissions/reset")
    String resetPage(RedirectAttributes redirect) {
        permissions.reset(AuthorizationInterceptor.currentUser());
        redirect.addFlashAttribute("success", "Permissions were reset to the factory defaults for every role.");
        return "redirect:/management/permissions";
    }

    @GetMapping(path = "/api/v1/permissions", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    PermissionMatrix permissionsApi() {
        return permissions.current();
    }

    @PutMapping(path = "/api/v1/permissions", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    PermissionMatrix updateApi(@RequestBody PermissionMatrix body) {
        return permissions.update(AuthorizationInterceptor.currentUser(), body);
    }

    @PostMapping(path = "/api/v1/permissions/reset", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    PermissionMatrix resetApi() {
        return permissions.reset(AuthorizationInterceptor.currentUser());
    }

    private List<RoleSummary> roleSummaries() {
        Map<Role, Long> counts = members.countByRole();
        List<RoleSummary> summaries = new ArrayList<>();
        for (Role role : Role.values()) {
            List<String> panels = registry.all().stream()
                    .filter(panel -> policy.canSee(role, panel.key())).map(Panel::label).toList();
            List<String> actions = registry.actions().stream()
                    .filter(action -> policy.canDo(role, action.key())).map(Action::label).toList();
            summaries.add(new RoleSummary(role.name(), role.label(), role.description(), counts.getOrDefault(role, 0L),
                    panels, actions));
        }
        return summaries;
    }

    private static Map<Role, Boolean> ticked(Map<String, String> form, String permission) {
        Map<Role, Boolean> grants = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            grants.put(role, form.containsKey(permission + ":" + role.name()));
        }
        return grants;
    }
}
