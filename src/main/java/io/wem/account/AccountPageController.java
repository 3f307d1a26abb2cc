package io.wem.account;

import java.util.Map;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.SignedInRoute;
import io.wem.web.WemException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The "Change password" page, open to every signed-in user, and the page of the forced change at first sign-in. */
@Controller
@SignedInRoute
class AccountPageController {

    static final String VIEW = "account/password";

    private final UserService users;
    private final UserRepository repository;

    AccountPageController(UserService users, UserRepository repository) {
        this.users = users;
        this.repository = repository;
    }

    @GetMapping(AccountSessionFilter.PASSWORD_PAGE)
    String form(Model model) {
        return show(model, Map.of());
    }

    @PostMapping(AccountSessionFilter.PASSWORD_PAGE)
    String change(@RequestParam(defaultValue = "") String currentPassword,
                  @RequestParam(defaultValue = "") String newPassword,
                  @RequestParam(defaultValue = "") String newPasswordConfirmation,
                  Model model, RedirectAttributes redirect) {
        if (!newPassword.equals(newPasswordConfirmation)) {
            return show(model, Map.of("newPasswordConfirmation", "The two new passwords differ"));
        }
        try {
            users.changeOwnPassword(AuthorizationInterceptor.currentUser(),
                    new UserRequests.PasswordChange(currentPassword, newPassword));
        } catch (WemException e) {
            return show(model, e.fields().isEmpty() ? Map.of("form", e.getMessage()) : e.fields());
        }
        redirect.addFlashAttribute("success", "Your password was changed.");
        return "redirect:/";
    }

    private String show(Model model, Map<String, String> errors) {
        boolean forced = repository.findById(AuthorizationInterceptor.currentUser().id())
                .map(WemUser::mustChangePassword).orElse(false);
        model.addAttribute("forced", forced);
        model.addAttribute("errors", errors);
        return VIEW;
    }
}
