package io.wem.web;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A time range chosen in a page's form: a preset such as "1h" that ends now, or "custom" with {@code from} and
 * {@code to} from datetime-local inputs, read in the server's time zone. {@code live} is true for a preset, whose
 * end moves with the clock.
 */
public record TimeRange(Instant from, Instant to, boolean live) {

    public static final String CUSTOM = "custom";
    private static final Pattern EPOCH = Pattern.compile("\\d+(\\.\\d+)?");
    private static final DateTimeFormatter LOCAL_INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /**
     * Resolves the form's fields. A custom range without {@code to} ends now, and without {@code from} starts
     * {@code customDefault} before its end. An unknown preset or an unreadable time is a 400 naming the field.
     */
    public static TimeRange resolve(String range, String from, String to, Map<String, Duration> presets, Duration customDefault,
                                    Instant now) {
        if (CUSTOM.equals(range)) {
            Instant end = localTime("to", to, now);
            Instant start = localTime("from", from, end.minus(customDefault));
            if (!start.isBefore(end)) {
                throw WemException.invalid("from", "from must be before to");
            }
            return new TimeRange(start, end, false);
        }
        Duration length = presets.get(range);
        if (length == null) {
            throw WemException.invalid("range", "range must be one of " + String.join(", ", presets.keySet()) + " or custom, got '"
                    + range + "'");
        }
        return new TimeRange(now.minus(length), now, true);
    }

    /**
     * Parses a time of an API parameter: ISO-8601 such as 2026-12-05T08:00:00Z, or an epoch number, read as
     * nanoseconds when it has more than 12 digits before any decimal point (as Loki writes times) and else as seconds
     * (as Prometheus writes them). Returns {@code fallback} for a missing value; anything else is a 400 naming the field.
     */
    public static Instant parseApiTime(String field, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String text = value.strip();
        try {
            if (EPOCH.matcher(text).matches()) {
                String whole = text.contains(".") ? text.substring(0, text.indexOf('.')) : text;
                if (whole.length() > 12) {
                    return Instant.ofEpochSecond(0, Long.parseLong(whole));
                }
                return Instant.ofEpochSecond(0, new BigDecimal(text).movePointRight(9).longValueExact());
            }
            return Instant.parse(text);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw WemException.invalid(field, field + " must be an ISO-8601 time such as 2026-12-05T08:00:00Z, or epoch seconds or"
                    + " nanoseconds, got '" + value + "'");
        }
    }

    private static Instant localTime(String field, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDateTime.parse(value.strip(), LOCAL_INPUT).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw WemException.invalid(field, field + " must be a date and time such as 2026-12-05T08:00, got '" + value + "'");
        }
    }
}
