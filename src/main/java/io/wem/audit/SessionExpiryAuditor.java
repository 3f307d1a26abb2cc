package io.wem.audit;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import io.wem.access.SignedInUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Records SESSION_EXPIRED when a signed-in session ends without a sign-out: Tomcat destroys it after the idle
 * timeout. Sign-out paths mark the session with {@link #ENDED_ATTRIBUTE} first, and sessions destroyed while WEM
 * shuts down are not recorded.
 */
@Component
public class SessionExpiryAuditor implements HttpSessionListener {

    public static final String ENDED_ATTRIBUTE = "wem.session.ended";
    private static final Logger log = LoggerFactory.getLogger(SessionExpiryAuditor.class);

    private final AuditService audit;
    private final AtomicBoolean closing = new AtomicBoolean();

    SessionExpiryAuditor(AuditService audit) {
        this.audit = audit;
    }

    /** Marks a session as ended on purpose, so that destroying it is not recorded as an expiry. */
    public static void markEnded(HttpSession session, String reason) {
        session.setAttribute(ENDED_ATTRIBUTE, reason);
    }

    @EventListener(ContextClosedEvent.class)
    void stop() {
        closing.set(true);
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        HttpSession session = event.getSession();
        if (closing.get() || session.getAttribute(ENDED_ATTRIBUTE) != null) {
            return;
        }
        Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        if (!(context instanceof SecurityContext security) || security.getAuthentication() == null
                || !(security.getAuthentication().getPrincipal() instanceof SignedInUser user)) {
            return;
        }
        try {
            audit.recordBackground(AuditEvent.Draft.success(AuditEventType.SESSION_EXPIRED, user.id(), user.username())
                    .target("user", Long.toString(user.id()), user.username()));
        } catch (RuntimeException e) {
            log.warn("Recording the expiry of a session of user {} (id {}) failed: {}", user.username(), user.id(), e.getMessage());
        }
    }
}
