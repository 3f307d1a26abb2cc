package io.wem.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.PublicRoute;
import io.wem.access.SignedInRoute;
import io.wem.access.SignedInUser;
import io.wem.account.WemAuthenticationProvider;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.audit.SessionExpiryAuditor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in and sign-out for scripts. {@code POST} returns the user, the role and a CSRF token to send as
 * {@code X-CSRF-TOKEN} on later state-changing calls, and sets the session cookie.
 */
@RestController
@RequestMapping(path = SecurityConfiguration.SESSION_API, produces = MediaType.APPLICATION_JSON_VALUE)
class SessionApiController {

    private final AuthenticationManager authenticationManager;
    private final SecurityContextRepository contexts;
    private final CsrfTokenRepository csrfTokens;
    private final AuditService audit;
    private final TransactionTemplate transaction;

    SessionApiController(AuthenticationManager authenticationManager, SecurityContextRepository contexts,
                         CsrfTokenRepository csrfTokens, AuditService audit, TransactionTemplate transaction) {
        this.authenticationManager = authenticationManager;
        this.contexts = contexts;
        this.csrfTokens = csrfTokens;
        this.audit = audit;
        this.transaction = transaction;
    }

    record SignInRequest(String username, String password) {
    }

    record SessionResponse(String username, String role, String csrfToken) {
    }

    @PublicRoute
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> signIn(@RequestBody SignInRequest body, HttpServletRequest request, HttpServletResponse response) {
        if (body.username() == null || body.username().isBlank()) {
            throw WemException.invalid("username", "username is missing");
        }
        if (body.password() == null || body.password().isEmpty()) {
            throw WemException.invalid("password", "password is missing");
        }
        Authentication authentication;
        try {
            authentication = authenticationManager.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(body.username(), body.password()));
        } catch (BadCredentialsException e) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(ErrorResponses.body(e.getMessage(), null));
        }

        // A new session id at sign-in, so that an id planted before sign-in is worthless.
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        request.getSession(true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);

        SignedInUser user = (SignedInUser) authentication.getPrincipal();
        return ResponseEntity.ok(new SessionResponse(user.username(), user.role().name(), csrfToken(request, response)));
    }

    @SignedInRoute
    @DeleteMapping
    ResponseEntity<Void> signOut(HttpServletRequest request, HttpServletResponse response) {
        SignedInUser user = AuthorizationInterceptor.currentUser();
        transaction.executeWithoutResult(status -> audit.record(
                AuditEvent.Draft.success(AuditEventType.LOGOUT, user.id(), user.username())
                        .target("user", Long.toString(user.id()), user.username())));
        SecurityContextHolder.clearContext();
        if (request.getSession(false) != null) {
            SessionExpiryAuditor.markEnded(request.getSession(false), "sign-out");
            request.getSession(false).invalidate();
        }
        Cookie expired = new Cookie(WebConfiguration.SESSION_COOKIE, "");
        expired.setPath("/");
        expired.setMaxAge(0);
        response.addCookie(expired);
        return ResponseEntity.noContent().build();
    }

    /** Returns a masked token for this session, the form that the CSRF filter accepts back in the header. */
    private String csrfToken(HttpServletRequest request, HttpServletResponse response) {
        CsrfToken token = csrfTokens.generateToken(request);
        csrfTokens.saveToken(token, request, response);
        new XorCsrfTokenRequestAttributeHandler().handle(request, response, () -> token);
        return ((CsrfToken) request.getAttribute(CsrfToken.class.getName())).getToken();
    }
}
