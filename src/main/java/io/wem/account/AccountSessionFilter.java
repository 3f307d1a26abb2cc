package io.wem.account;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import io.wem.access.SignedInUser;
import io.wem.audit.SessionExpiryAuditor;
import io.wem.settings.SettingsStore;
import io.wem.web.ErrorResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Re-reads the signed-in user's account on every request, so that an Admin's change applies at once. A deleted or
 * deactivated user is signed out, and a new role or name replaces the session's. A user who must change their
 * password reaches only the password page and sign-out until they do. The cost is one primary-key lookup per request.
 */
public class AccountSessionFilter extends OncePerRequestFilter {

    public static final String PASSWORD_PAGE = "/account/password";
    private static final Logger log = LoggerFactory.getLogger(AccountSessionFilter.class);
    private static final Set<String> OPEN_DURING_PASSWORD_CHANGE = Set.of(
            "GET " + PASSWORD_PAGE, "POST " + PASSWORD_PAGE, "POST /api/v1/account/password",
            "POST /logout", "DELETE /api/v1/session");

    private final UserRepository users;
    private final SecurityContextRepository contexts;
    private final SettingsStore settings;

    public AccountSessionFilter(UserRepository users, SecurityContextRepository contexts, SettingsStore settings) {
        this.users = users;
        this.contexts = contexts;
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof SignedInUser current)) {
            chain.doFilter(request, response);
            return;
        }

        WemUser user = users.findById(current.id()).orElse(null);
        if (user == null || !user.active()) {
            endSession(request, current, user == null ? "account deleted" : "account deactivated");
            chain.doFilter(request, response);
            return;
        }

        SignedInUser fresh = new SignedInUser(user.id(), user.username(), user.fullName(), user.role());
        if (!fresh.equals(current)) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(WemAuthenticationProvider.authenticated(fresh));
            SecurityContextHolder.setContext(context);
            contexts.saveContext(context, request, response);
        }

        applyIdleTimeout(request);
        if (user.mustChangePassword() && !isOpenDuringPasswordChange(request)) {
            rejectUntilPasswordChanged(request, response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Applies the idle timeout saved in Settings to sessions that already exist, at their next request. */
    private void applyIdleTimeout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        int idleSeconds = (int) settings.current().sessionIdleTimeout().toSeconds();
        if (session != null && session.getMaxInactiveInterval() != idleSeconds) {
            session.setMaxInactiveInterval(idleSeconds);
        }
    }

    private static void endSession(HttpServletRequest request, SignedInUser user, String reason) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            SessionExpiryAuditor.markEnded(session, reason);
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        log.info("Ended the session of user {} (id {}): {}", user.username(), user.id(), reason);
    }

    private static boolean isOpenDuringPasswordChange(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return OPEN_DURING_PASSWORD_CHANGE.contains(request.getMethod() + " " + path)
                || path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/") || path.equals("/error");
    }

    private static void rejectUntilPasswordChanged(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (ErrorResponses.wantsJson(request)) {
            ErrorResponses.writeJson(response, HttpStatus.FORBIDDEN,
                    "You must change your password first: POST /api/v1/account/password", null);
        } else if (ErrorResponses.isHtmx(request)) {
            response.setHeader("HX-Redirect", request.getContextPath() + PASSWORD_PAGE);
            response.setStatus(HttpStatus.FORBIDDEN.value());
        } else {
            response.sendRedirect(request.getContextPath() + PASSWORD_PAGE);
        }
    }
}
