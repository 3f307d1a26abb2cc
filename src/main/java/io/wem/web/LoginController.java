package io.wem.web;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.PublicRoute;
import io.wem.account.SignInService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page. Spring Security's form login handles the POST; this shows the form and its messages. */
@Controller
@PublicRoute
class LoginController {

    static final String VIEW = "login";

    @GetMapping(SecurityConfiguration.LOGIN_PAGE)
    String login(@RequestParam(required = false) String error,
                 @RequestParam(required = false) String expired,
                 @RequestParam(required = false) String signedOut,
                 Model model) {
        if (AuthorizationInterceptor.currentUser() != null && error == null) {
            return "redirect:/";
        }
        if (error != null) {
            model.addAttribute("error", SignInService.GENERIC_FAILURE);
        } else if (expired != null) {
            model.addAttribute("notice", "Your session expired. Sign in again.");
        } else if (signedOut != null) {
            model.addAttribute("notice", "You have signed out.");
        }
        return VIEW;
    }
}
