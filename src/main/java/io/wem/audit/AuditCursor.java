package io.wem.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.wem.web.WemException;

/**
 * A keyset position in the Audit Log: older (or newer) than the event with {@code seq}. It is opaque to clients,
 * which pass back what a page returned.
 */
public record AuditCursor(boolean older, long seq) {

    public static String olderThan(long seq) {
        return encode("o" + seq);
    }

    public static String newerThan(long seq) {
        return encode("n" + seq);
    }

    /** Parses a cursor from a page, or returns null for none; anything else is a 400 naming {@code cursor}. */
    public static AuditCursor parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            char direction = decoded.charAt(0);
            if (direction != 'o' && direction != 'n') {
                throw new IllegalArgumentException("unknown direction");
            }
            return new AuditCursor(direction == 'o', Long.parseLong(decoded.substring(1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw WemException.invalid("cursor", "cursor is invalid: pass back the nextCursor of a previous page");
        }
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
