package io.wem.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import io.wem.web.WemException;

/**
 * A search of stored slow statements: the time range {@code [from, to)}, optional exact user and database, a minimum
 * duration in milliseconds, text that the statement contains (ignoring case), whether WEM's own statements count, the
 * order, the page size and the position after the previous page.
 */
record SlowQueryFilter(Instant from, Instant to, String user, String database, Double minDurationMs, String q,
                       boolean includeOwn, Sort sort, int limit, Cursor cursor) {

    /** The application name of WEM's cluster pools, whose statements are left out unless {@code includeOwn}. */
    static final String WEM_APPLICATION = "WEM";

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_TEXT_LENGTH = 1000;

    /** Newest first, or longest first; both break ties by id, newest first. */
    enum Sort {
        TIME, DURATION
    }

    /**
     * The last row of a page: its sort value (epoch microseconds or milliseconds of duration) and its id. Opaque to
     * clients, which pass back the {@code nextCursor} that a page returned.
     */
    record Cursor(Sort sort, double value, long id) {

        String encode() {
            String raw = (sort == Sort.TIME ? "t" : "d") + ":" + value + ":" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** Parses a cursor for the given order, or returns null for none; anything else is a 400 naming {@code cursor}. */
        static Cursor parse(String text, Sort sort) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8).split(":");
                Sort encoded = switch (parts[0]) {
                    case "t" -> Sort.TIME;
                    case "d" -> Sort.DURATION;
                    default -> throw new IllegalArgumentException("unknown order");
                };
                if (parts.length != 3 || encoded != sort) {
                    throw new IllegalArgumentException("cursor of another order");
                }
                return new Cursor(sort, Double.parseDouble(parts[1]), Long.parseLong(parts[2]));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw WemException.invalid("cursor", "cursor is invalid: pass back the nextCursor of a previous page with the same sort");
            }
        }
    }
}
