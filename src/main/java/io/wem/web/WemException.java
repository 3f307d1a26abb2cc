package io.wem.web;

import org.springframework.http.HttpStatus;

/**
 * An error that the user can act on. Pages show its message, the API returns it as
 * {@code {"error": ..., "field": ...}} with {@link #status()}.
 */
public class WemException extends RuntimeException {

    private final HttpStatus status;
    private final String field;

    public WemException(HttpStatus status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
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

    /** The request field that the message is about, or null when it concerns the request as a whole. */
    public String field() {
        return field;
    }
}
