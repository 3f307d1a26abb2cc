package io.wem.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.wem.account.AccountSessionFilter;
import io.wem.account.UserRepository;
import io.wem.account.WemAuthenticationProvider;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.settings.SettingsStore;
import io.wem.audit.SessionExpiryAuditor;
import io.wem.access.SignedInUser;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The security filter chain, read top to bottom: which paths need no sign-in, form login, logout by POST,
 * CSRF, sessions and what an anonymous or expired request gets. Authorization by panel happens after this
 * chain, in {@link io.wem.access.AuthorizationInterceptor}, on every controller method.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String LOGIN_PAGE = "/login";
    static final String SESSION_API = "/api/v1/session";

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, AuthenticationManager authenticationManager,
                                    CsrfTokenRepository csrfTokens, SecurityContextRepository contexts,
                                    AuditService audit, TransactionTemplate transaction, UserRepository users,
                                    SettingsStore settings) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http
                .addFilterBefore(new AccountSessionFilter(users, contexts, settings), AuthorizationFilter.class)
                .authenticationManager(authenticationManager)
                .securityContext(context -> context.securityContextRepository(contexts))
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(LOGIN_PAGE, "/error", "/css/**", "/js/**", "/webjars/**", "/favicon.ico",
                                "/prom/metrics", "/actuator/health").permitAll()
                        .requestMatchers(paths.matcher(HttpMethod.POST, SESSION_API)).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage(LOGIN_PAGE)
                        .failureUrl(LOGIN_PAGE + "?error")
                        .defaultSuccessUrl("/", false))
                .logout(logout -> logout
                        .logoutRequestMatcher(paths.matcher(HttpMethod.POST, "/logout"))
                        // Without this the browser sends the dead session's id next, which reads as an expired session.
                        .deleteCookies(WebConfiguration.SESSION_COOKIE)
                        .addLogoutHandler((request, response, authentication) -> {
                            if (request.getSession(false) != null) {
                                SessionExpiryAuditor.markEnded(request.getSession(false), "sign-out");
                            }
                            recordLogout(authentication, audit, transaction);
                        })
                        .logoutSuccessUrl(LOGIN_PAGE + "?signedOut"))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new XorCsrfTokenRequestAttributeHandler())
                        // Scripts sign in with a JSON body, which a cross-site form cannot send. The response carries the token.
                        .ignoringRequestMatchers(paths.matcher(HttpMethod.POST, SESSION_API)))
                .sessionManagement(session -> session
                        .sessionFixation(fixation -> fixation.changeSessionId())
                        .invalidSessionStrategy(SecurityConfiguration::sessionExpired))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, exception) -> notSignedIn(request, response))
                        .accessDeniedHandler((request, response, exception) -> ErrorResponses.write(request, response,
                                HttpStatus.FORBIDDEN, "The request was refused: its CSRF token is missing or invalid. "
                                        + "Reload the page, or send the X-CSRF-TOKEN header from POST " + SESSION_API, null)))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                        + "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    @Bean
    AuthenticationManager authenticationManager(WemAuthenticationProvider provider) {
        return new ProviderManager(provider);
    }

    @Bean
    CsrfTokenRepository csrfTokenRepository() {
        return new HttpSessionCsrfTokenRepository();
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    private static void recordLogout(Authentication authentication, AuditService audit, TransactionTemplate transaction) {
        if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user) {
            transaction.executeWithoutResult(status -> audit.record(
                    AuditEvent.Draft.success(AuditEventType.LOGOUT, user.id(), user.username())
                            .target("user", Long.toString(user.id()), user.username())));
        }
    }

    private static void notSignedIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (ErrorResponses.wantsJson(request)) {
            ErrorResponses.writeJson(response, HttpStatus.UNAUTHORIZED,
                    "Not signed in: sign in with POST " + SESSION_API + " and send the session cookie", null);
        } else if (ErrorResponses.isHtmx(request)) {
            response.setHeader("HX-Redirect", LOGIN_PAGE);
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
        } else {
            response.sendRedirect(request.getContextPath() + LOGIN_PAGE);
        }
    }

    private static void sessionExpired(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (ErrorResponses.wantsJson(request)) {
            ErrorResponses.writeJson(response, HttpStatus.UNAUTHORIZED,
                    "Your session expired: sign in again with POST " + SESSION_API, null);
            return;
        }
        // A new session replaces the cookie of the expired one, so the login page does not see it again.
        request.getSession(true);
        if (ErrorResponses.isHtmx(request)) {
            response.setHeader("HX-Redirect", LOGIN_PAGE + "?expired");
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
        } else {
            response.sendRedirect(request.getContextPath() + LOGIN_PAGE + "?expired");
        }
    }
}
