package io.wem.account;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.Panel;
import io.wem.access.RequiresPanel;
import io.wem.access.Role;
import io.wem.cluster.DatabaseRoleService;
import io.wem.web.WemException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Management > Users. Every form posts here, calls the same {@link UserService} as the API and redirects on
 * success; on a refusal it shows the form again with the message next to its field and the values kept
 * (except passwords).
 */
@Controller
@RequiresPanel(Panel.MANAGEMENT)
@RequestMapping("/management/users")
class UsersPageController {

    static final String LIST = "management/users";
    static final String FORM = "management/user-form";
    static final String EDIT = "management/user-edit";
    private static final String REDIRECT_LIST = "redirect:/management/users";

    private final UserService users;
    private final DatabaseRoleService databaseRoles;

    UsersPageController(UserService users, DatabaseRoleService databaseRoles) {
        this.users = users;
        this.databaseRoles = databaseRoles;
    }

    /** Form fields of the Add User form, as posted. A checkbox that is not ticked is not sent, so null means false. */
    record UserForm(String username, String fullName, String role, String password, String passwordConfirmation,
                    Boolean active, Boolean mustChangePassword, String databaseRoleMode, String databaseRoleName) {

        static UserForm empty() {
            return new UserForm("", "", "VIEWER", "", "", true, true, "NONE", "");
        }

        public boolean isActive() {
            return Boolean.TRUE.equals(active);
        }

        public boolean isMustChangePassword() {
            return Boolean.TRUE.equals(mustChangePassword);
        }
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String role,
                @RequestParam(required = false) String status, Model model) {
        model.addAttribute("summary", users.summary());
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("roleFilter", role == null ? "" : role);
        model.addAttribute("statusFilter", status == null ? "" : status);
        model.addAttribute("roles", Role.values());
        try {
            model.addAttribute("users", users.search(q, role, status));
        } catch (WemException e) {
            model.addAttribute("users", List.of());
            model.addAttribute("filterError", e.getMessage());
        }
        return LIST;
    }

    @GetMapping("/new")
    String newUser(Model model) {
        return showForm(model, UserForm.empty(), Map.of());
    }

    @PostMapping
    String create(UserForm form, Model model, RedirectAttributes redirect) {
        if (form.password() != null && !form.password().equals(form.passwordConfirmation())) {
            return showForm(model, form, Map.of("passwordConfirmation", "The two passwords differ"));
        }
        try {
            UserView created = users.create(AuthorizationInterceptor.currentUser(), new UserRequests.CreateUser(
                    form.username(), form.fullName(), form.role(), form.password(), form.isActive(),
                    form.isMustChangePassword(),
                    new UserRequests.DatabaseRoleChoice(form.databaseRoleMode(), form.databaseRoleName())));
            redirect.addFlashAttribute("success", "User '" + created.username() + "' was created.");
            return REDIRECT_LIST;
        } catch (WemException e) {
            return showForm(model, form, errors(e));
        }
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, Model model) {
        return showEdit(model, users.get(id), Map.of());
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @RequestParam(defaultValue = "") String fullName, @RequestParam String role,
                  @RequestParam(defaultValue = "false") boolean active,
                  @RequestParam(defaultValue = "false") boolean mustChangePassword,
                  @RequestParam(defaultValue = "NONE") String databaseRoleMode,
                  @RequestParam(defaultValue = "") String databaseRoleName,
                  Model model, RedirectAttributes redirect) {
        try {
            UserView updated = users.update(AuthorizationInterceptor.currentUser(), id, new UserRequests.UpdateUser(
                    fullName, role, active, mustChangePassword,
                    new UserRequests.DatabaseRoleChoice(databaseRoleMode, databaseRoleName)));
            redirect.addFlashAttribute("success", "User '" + updated.username() + "' was saved.");
            return REDIRECT_LIST;
        } catch (WemException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            return showEdit(model, users.get(id), errors(e));
        }
    }

    @PostMapping("/{id}/unlock")
    String unlock(@PathVariable long id, RedirectAttributes redirect) {
        UserView user = users.unlock(AuthorizationInterceptor.currentUser(), id);
        redirect.addFlashAttribute("success", "User '" + user.username() + "' was unlocked.");
        return REDIRECT_LIST;
    }

    @PostMapping("/{id}/password-reset")
    String resetPassword(@PathVariable long id, @RequestParam(defaultValue = "") String password,
                         @RequestParam(defaultValue = "") String passwordConfirmation, Model model,
                         RedirectAttributes redirect) {
        if (!password.equals(passwordConfirmation)) {
            return showEdit(model, users.get(id), Map.of("resetPasswordConfirmation", "The two passwords differ"));
        }
        try {
            UserView user = users.resetPassword(AuthorizationInterceptor.currentUser(), id, new UserRequests.PasswordReset(password));
            redirect.addFlashAttribute("success", "The password of '" + user.username()
                    + "' was reset; they must change it at their next sign-in.");
            return REDIRECT_LIST;
        } catch (WemException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            return showEdit(model, users.get(id), Map.of("resetPassword", e.getMessage()));
        }
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, @RequestParam(defaultValue = "") String confirmUsername, Model model,
                  RedirectAttributes redirect) {
        UserView user = users.get(id);
        if (!user.username().equals(confirmUsername.strip())) {
            return showEdit(model, user, Map.of("confirmUsername",
                    "Type the username '" + user.username() + "' to confirm the deletion"));
        }
        try {
            users.delete(AuthorizationInterceptor.currentUser(), id);
            redirect.addFlashAttribute("success", "User '" + user.username() + "' was deleted.");
            return REDIRECT_LIST;
        } catch (WemException e) {
            return showEdit(model, user, Map.of("delete", e.getMessage()));
        }
    }

    private String showForm(Model model, UserForm form, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("roles", Role.values());
        addDatabaseRoles(model);
        return FORM;
    }

    private String showEdit(Model model, UserView user, Map<String, String> errors) {
        model.addAttribute("user", user);
        model.addAttribute("errors", errors);
        model.addAttribute("roles", Role.values());
        addDatabaseRoles(model);
        return EDIT;
    }

    private void addDatabaseRoles(Model model) {
        try {
            model.addAttribute("databaseRoles", databaseRoles.loginRoles());
        } catch (SQLException e) {
            model.addAttribute("databaseRoles", List.of());
            model.addAttribute("databaseRolesError", "Cluster unreachable: " + e.getMessage());
        }
    }

    /** Returns the message for each field, or under "form" when the refusal concerns no single field. */
    private static Map<String, String> errors(WemException e) {
        return e.fields().isEmpty() ? Map.of("form", e.getMessage()) : e.fields();
    }
}
