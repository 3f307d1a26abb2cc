package io.wem.access;

import java.lang.annotation.Annotation;
import java.util.Map;

import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.web.WemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks, before every controller method runs, the permission that the method or its class declares.
 * Deny by default: a handler without {@link RequiresAction}, {@link RequiresPanel}, {@link SignedInRoute} or
 * {@link PublicRoute} is refused. Handlers that are not controller methods (static resources) pass, because the security filter
 * chain already limits them.
 */
@Component
public class AuthorizationInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationInterceptor.class);

    private final AccessPolicy policy;
    private final ObjectProvider<AuditService> audit;
    private final TransactionTemplate transaction;

    AuthorizationInterceptor(AccessPolicy policy, ObjectProvider<AuditService> audit, TransactionTemplate transaction) {
        this.policy = policy;
        this.audit = audit;
        this.transaction = transaction;
    }

    /** Records an attempt to take an action that the user's role lacks, since each attempt is an administrative event. */
    private void auditDenial(SignedInUser user, String action, HttpServletRequest request) {
        String route = request.getMethod() + " " + request.getRequestURI();
        transaction.executeWithoutResult(status -> audit.getObject().record(
                AuditEvent.Draft.failure(AuditEventType.ACCESS_DENIED, user.id(), user.username(),
                                "the " + user.role().label() + " role lacks the action " + action)
                        .target("route", route, null)
                        .details(Map.of("action", action, "role", user.role().name(), "route", route))));
        log.info("Rejected {} by user {} (role {}): the role lacks the action {}", route, user.username(), user.role(), action);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        if (declares(method, PublicRoute.class)) {
            return true;
        }

        SignedInUser user = currentUser();
        if (user == null) {
            throw new WemException(HttpStatus.UNAUTHORIZED, "Sign in to continue", null);
        }
        if (declares(method, SignedInRoute.class)) {
            return true;
        }

        RequiresAction action = find(method, RequiresAction.class);
        if (action != null) {
            if (!policy.canDo(user.role(), action.value())) {
                auditDenial(user, action.value(), request);
                throw WemException.forbidden("Your role (" + user.role().label() + ") may not take the action '"
                        + action.value() + "'");
            }
            return true;
        }

        RequiresPanel panel = find(method, RequiresPanel.class);
        String thirdPartyPanel = thirdPartyPanel(method.getBeanType());
        if (panel == null && thirdPartyPanel != null) {
            if (!policy.canSee(user.role(), thirdPartyPanel)) {
                throw WemException.forbidden("Your role (" + user.role().label() + ") may not open the API documentation");
            }
            return true;
        }
        if (panel == null) {
            log.warn("Rejected {} {}: handler {} declares no permission", request.getMethod(), request.getRequestURI(), method);
            throw WemException.forbidden("Access denied: this route declares no permission");
        }
        if (!policy.canSee(user.role(), panel.value())) {
            throw WemException.forbidden("Your role (" + user.role().label() + ") may not open the "
                    + panel.value() + " panel");
        }
        return true;
    }

    /**
     * Returns the panel that a library's own handler belongs to, since its classes cannot carry WEM's annotations,
     * or null for any other handler. The OpenAPI document and its UI (springdoc) are part of Management.
     */
    public static String thirdPartyPanel(Class<?> beanType) {
        return beanType.getName().startsWith("org.springdoc.") ? Panel.MANAGEMENT : null;
    }

    /** Returns the signed-in user of this request, or null for an anonymous request. */
    public static SignedInUser currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user) {
            return user;
        }
        return null;
    }

    private static boolean declares(HandlerMethod method, Class<? extends Annotation> type) {
        return find(method, type) != null;
    }

    /** Returns the handler method's annotation of {@code type}, else its class's, or null when neither has one. */
    public static <A extends Annotation> A find(HandlerMethod method, Class<A> type) {
        A onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), type);
        return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), type);
    }
}
