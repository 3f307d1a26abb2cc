package io.wem.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * An error that the user can act on. Pages show its message, the API returns it as
 * {@code {"error": ..., "field": ...}} with {@link #status()}.
 */
public class WemException extends RuntimeException {

    private final HttpStatus status;
    private final String field;
    private final Map<String, String> fields;

    public WemException(HttpStatus status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
        this.fields = field == null ? Map.of() : Map.of(field, message);
    }

    private WemException(Map<String, String> fields) {
        super(String.join("; ", fields.values()));
        this.status = HttpStatus.BAD_REQUEST;
        this.field = null;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Returns a 400 for one or more invalid fields; with several, the API lists each under {@code fields}. */
    public static WemException invalid(Map<String, String> fields) {
        if (fields.size() == 1) {
            Map.Entry<String, String> only = fields.entrySet().iterator().next();
            return invalid(only.getKey(), only.getValue());
        }
        return new WemException(fields);
    }

    public static WemException invalid(String field, String message) {
        return new WemException(HttpStatus.BAD_REQUEST, message, field);
    }

    public static WemException forbidden(String message) {
        return new WemException(HttpStatus.FORBIDDEN, message, null);
    }

    public static WemException notFound(String message) {
        return new WemException(HttpStatus.NOT_FOUND, message, null);
    }

    public static WemException conflict(String message) {
        return new WemException(HttpStatus.CONFLICT, message, null);
    }

    public HttpStatus status() {
        return status;
    }

    /** Returns the request field that the message is about, or null when it concerns the whole request or several fields. */
    public String field() {
        return field;
    }

    /** Returns every invalid field with its message, for forms that show each message next to its field. */
    public Map<String, String> fields() {
        return fields;
    }
}
