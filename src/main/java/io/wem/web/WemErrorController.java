package io.wem.web;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.wem.access.PublicRoute;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The servlet container's error path, replacing Spring Boot's default: unknown routes and errors raised outside
 * a controller come here, and get JSON under /api and the error page elsewhere, never a stack trace.
 */
@Controller
@PublicRoute
class WemErrorController implements ErrorController {

    static final String MESSAGE_ATTRIBUTE = "wem.error.message";

    @RequestMapping("/error")
    Object error(HttpServletRequest request, HttpServletResponse response, Model model) {
        HttpStatus status = status(request);
        String message = message(request, status);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (path != null && path.startsWith(request.getContextPath() + "/api/")) {
            return ResponseEntity.status(status).body(ErrorResponses.body(message, null));
        }
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("reason", status.getReasonPhrase());
        model.addAttribute("message", message);
        return ErrorResponses.isHtmx(request) ? "error/fragment" : "error/page";
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    private static String message(HttpServletRequest request, HttpStatus status) {
        Object own = request.getAttribute(MESSAGE_ATTRIBUTE);
        if (own instanceof String text) {
            return text;
        }
        return Map.of(
                HttpStatus.NOT_FOUND, "There is no page at this address.",
                HttpStatus.FORBIDDEN, "Your role may not open this page.",
                HttpStatus.METHOD_NOT_ALLOWED, "This address does not accept " + request.getMethod() + " requests.",
                HttpStatus.UNAUTHORIZED, "Sign in to continue.")
                .getOrDefault(status, "The request failed. The server log has the details.");
    }
}
