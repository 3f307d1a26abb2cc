package io.wem.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** Writes errors in the form each kind of client expects: JSON for the API, a fragment for htmx, a page otherwise. */
public final class ErrorResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ErrorResponses() {
    }

    public static boolean wantsJson(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/");
    }

    public static boolean isHtmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }

    public static Map<String, Object> body(String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        return body;
    }

    /** Returns the API body for an exception: {@code field} for one invalid field, {@code fields} for several. */
    public static Map<String, Object> body(WemException e) {
        Map<String, Object> body = body(e.getMessage(), e.field());
        if (e.field() == null && e.fields().size() > 1) {
            body.put("fields", e.fields());
        }
        return body;
    }

    public static void writeJson(HttpServletResponse response, HttpStatus status, String message, String field)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(body(message, field)));
    }

    /** Writes an error from a filter, where no view can be rendered: JSON for the API, plain text otherwise. */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                             String message, String field) throws IOException {
        if (wantsJson(request)) {
            writeJson(response, status, message, field);
            return;
        }
        request.setAttribute(WemErrorController.MESSAGE_ATTRIBUTE, message);
        response.sendError(status.value(), message);
    }
}
