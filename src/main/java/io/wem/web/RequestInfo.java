package io.wem.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The origin of a request (client address and user agent) for the audit trail; both are null outside an HTTP request. */
public record RequestInfo(String sourceIp, String userAgent) {

    private static final int MAX_USER_AGENT_LENGTH = 500;
    public static final RequestInfo NONE = new RequestInfo(null, null);

    /** Returns the current request's client address and user agent; the client address is the TCP peer, not a header. */
    public static RequestInfo current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            return of(servlet.getRequest());
        }
        return NONE;
    }

    public static RequestInfo of(HttpServletRequest request) {
        String userAgent = request.getHeader("User-Agent");
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT_LENGTH) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT_LENGTH);
        }
        return new RequestInfo(request.getRemoteAddr(), userAgent);
    }
}
