package io.wem.canary;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.wem.web.WemException;

/**
 * Turns a create or PATCH body (JSON names to values) into a {@link CheckDefinition} over a base definition, checking
 * every field and reporting every invalid one at once. Fields not sent keep the base's value.
 */
final class CheckRequests {

    static final int MIN_INTERVAL_SECONDS = 10;
    static final int MAX_INTERVAL_SECONDS = 86_400;
    static final int MAX_TIMEOUT_SECONDS = 300;
    static final int MAX_SQL_LENGTH = 10_000;
    static final Set<String> FIELDS = Set.of("name", "type", "database", "sql", "intervalSeconds", "timeoutSeconds",
            "warningMs", "criticalMs", "warningLagBytes", "criticalLagBytes", "warningThreshold", "criticalThreshold",
            "expectedReplicas", "failuresBeforeAlert", "successesBeforeResolve", "enabled");

    private final Map<String, ?> body;
    private final Map<String, String> errors = new LinkedHashMap<>();

    private CheckRequests(Map<String, ?> body) {
        this.body = body;
    }

    /** Returns the definition a new check starts from: enabled, every 60 s, 10 s timeout, 2 failures to alert, 2 successes to resolve. */
    static CheckDefinition defaults(CheckType type) {
        Long warning = null;
        Long critical = null;
        if (type == CheckType.ACTIVE_CONNECTIONS) {
            warning = 100L;
            critical = 300L;
        } else if (type == CheckType.XID_AGE) {
            warning = 500_000_000L;
            critical = 2_000_000_000L;
        }
        return new CheckDefinition("", type, null, null, 60, 10, null, null, null, null, warning, critical, 0, 2, 2, true);
    }

    /**
     * Returns {@code base} with the fields of {@code body} applied, or throws a 400 naming every invalid field. For a
     * system check the name and type cannot change.
     */
    static CheckDefinition apply(CheckDefinition base, Map<String, ?> body, boolean system) {
        CheckRequests request = new CheckRequests(body);
        return request.build(base, system);
    }

    private CheckDefinition build(CheckDefinition base, boolean system) {
        body.keySet().stream().filter(name -> !FIELDS.contains(name)).forEach(name ->
                errors.put(name, "Unknown field '" + name + "'; the fields are " + String.join(", ", FIELDS.stream().sorted().toList())));

        String name = base.name();
        if (body.containsKey("name")) {
            String requested = text("name");
            if (system && !base.name().equals(requested == null ? "" : requested.strip())) {
                errors.put("name", "System check '" + base.name() + "' cannot be renamed");
            } else {
                name = name(requested);
            }
        }
        CheckType type = base.type();
        if (body.containsKey("type")) {
            CheckType requested = type(text("type"));
            if (system && requested != null && requested != base.type()) {
                errors.put("type", "The type of system check '" + base.name() + "' cannot change");
            } else if (requested != null) {
                type = requested;
            }
        }

        String database = body.containsKey("database") ? database(text("database")) : base.database();
        String sql = body.containsKey("sql") ? text("sql") : base.sql();
        int interval = integer("intervalSeconds", base.intervalSeconds(), MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS);
        int timeout = integer("timeoutSeconds", base.timeoutSeconds(), 1, MAX_TIMEOUT_SECONDS);
        Integer warningMs = optionalInt("warningMs", base.warningMs());
        Integer criticalMs = optionalInt("criticalMs", base.criticalMs());
        Long warningLag = optionalLong("warningLagBytes", base.warningLagBytes());
        Long criticalLag = optionalLong("criticalLagBytes", base.criticalLagBytes());
        Long warningThreshold = optionalLong("warningThreshold", base.warningThreshold());
        Long criticalThreshold = optionalLong("criticalThreshold", base.criticalThreshold());
        int expectedReplicas = integer("expectedReplicas", base.expectedReplicas(), 0, 100);
        int failures = integer("failuresBeforeAlert", base.failuresBeforeAlert(), 1, 100);
        int successes = integer("successesBeforeResolve", base.successesBeforeResolve(), 1, 100);
        boolean enabled = bool("enabled", base.enabled());

        if (!errors.containsKey("timeoutSeconds") && !errors.containsKey("intervalSeconds") && timeout >= interval) {
            errors.put("timeoutSeconds", "Timeout must be less than the interval (" + interval + " s), got " + timeout + " s");
        }
        ordered("criticalMs", warningMs, criticalMs == null ? null : criticalMs.longValue(), "warningMs");
        ordered("criticalLagBytes", warningLag, criticalLag, "warningLagBytes");
        ordered("criticalThreshold", warningThreshold, criticalThreshold, "warningThreshold");
        if (type == CheckType.QUERY) {
            String problem = queryProblem(sql);
            if (problem != null) {
                errors.put("sql", problem);
            }
        } else if (body.containsKey("sql") && body.get("sql") instanceof String text && !text.isBlank() && !text.equals(base.sql())) {
            errors.put("sql", "SQL applies to Query checks only; a " + type.label() + " check has no SQL");
        }
        // A check that changes type keeps its SQL, unused, so that changing back to Query restores it.

        if (!errors.isEmpty()) {
            throw WemException.invalid(errors);
        }
        return new CheckDefinition(name, type, database, sql == null ? null : sql.strip(), interval, timeout, warningMs,
                criticalMs, warningLag, criticalLag, warningThreshold, criticalThreshold, expectedReplicas, failures,
                successes, enabled);
    }

    /**
     * Returns what is wrong with a Query check's SQL, or null. It must be one statement that reads: SELECT, WITH,
     * VALUES, TABLE or SHOW. The read-only transaction stops writes to tables, but not statements such as COPY TO a
     * file or CHECKPOINT, so those are rejected before they reach the cluster.
     */
    static String queryProblem(String sql) {
        if (sql == null || sql.isBlank()) {
            return "A Query check needs one SQL statement, for example SELECT count(*) FROM sales";
        }
        if (sql.length() > MAX_SQL_LENGTH) {
            return "SQL must be at most " + MAX_SQL_LENGTH + " characters, got " + sql.length();
        }
        if (SqlStatementScanner.secondStatementSeparator(sql) >= 0) {
            return "SQL must be exactly one statement; remove everything after the first ';'";
        }
        String keyword = firstKeyword(sql);
        if (!READING_KEYWORDS.contains(keyword)) {
            return "SQL must be a statement that only reads (SELECT, WITH, VALUES, TABLE or SHOW), got "
                    + (keyword.isEmpty() ? "no statement" : keyword.toUpperCase(Locale.ROOT));
        }
        return null;
    }

    private static final Set<String> READING_KEYWORDS = Set.of("select", "with", "values", "table", "show");

    /** Returns the first word of the statement in lower case, after white space, comments and opening parentheses. */
    private static String firstKeyword(String sql) {
        String text = sql.strip();
        while (true) {
            if (text.startsWith("--")) {
                int end = text.indexOf('\n');
                text = end < 0 ? "" : text.substring(end + 1).strip();
            } else if (text.startsWith("/*")) {
                int end = text.indexOf("*/");
                text = end < 0 ? "" : text.substring(end + 2).strip();
            } else if (text.startsWith("(")) {
                text = text.substring(1).strip();
            } else {
                break;
            }
        }
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end).toLowerCase(Locale.ROOT);
    }

    private String name(String value) {
        String name = value == null ? "" : value.strip();
        if (name.isEmpty()) {
            errors.put("name", "Name must not be empty");
        } else if (name.length() > 100) {
            errors.put("name", "Name must be at most 100 characters, got " + name.length());
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            errors.put("name", "Name must not contain control characters such as tabs or line breaks");
        }
        return name;
    }

    private CheckType type(String value) {
        if (value == null || value.isBlank()) {
            errors.put("type", "Type is required: one of " + types());
            return null;
        }
        try {
            return CheckType.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.put("type", "Type must be one of " + types() + ", got '" + value + "'");
            return null;
        }
    }

    private String database(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String database = value.strip();
        if (!database.matches("[A-Za-z_][A-Za-z0-9_$-]{0,62}")) {
            errors.put("database", "Database must be 1 to 63 letters, digits, '_', '$' or '-', starting with a letter or '_', got '"
                    + database + "'");
        }
        return database;
    }

    private String text(String field) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            errors.put(field, label(field) + " must be a string");
            return null;
        }
        return text;
    }

    private int integer(String field, int base, int min, int max) {
        if (!body.containsKey(field)) {
            return base;
        }
        Long value = number(field);
        if (value == null) {
            if (!errors.containsKey(field)) {
                errors.put(field, label(field) + " is required: a whole number from " + min + " to " + max);
            }
            return base;
        }
        if (value < min || value > max) {
            errors.put(field, label(field) + " must be between " + min + " and " + max + ", got " + value);
            return base;
        }
        return value.intValue();
    }

    private Integer optionalInt(String field, Integer base) {
        if (!body.containsKey(field)) {
            return base;
        }
        Long value = number(field);
        if (value != null && (value < 0 || value > 3_600_000)) {
            errors.put(field, label(field) + " must be between 0 and 3600000, got " + value);
            return base;
        }
        return value == null ? null : value.intValue();
    }

    private Long optionalLong(String field, Long base) {
        if (!body.containsKey(field)) {
            return base;
        }
        Long value = number(field);
        if (value != null && value < 0) {
            errors.put(field, label(field) + " must not be negative, got " + value);
            return base;
        }
        return value;
    }

    /** Returns the field as a whole number, null when it is null or empty, recording an error for anything else. */
    private Long number(String field) {
        Object value = body.get(field);
        if (value == null || (value instanceof String text && text.isBlank())) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                errors.put(field, label(field) + " must be a whole number, got '" + text + "'");
                return null;
            }
        }
        errors.put(field, label(field) + " must be a whole number, got " + value);
        return null;
    }

    private boolean bool(String field, boolean base) {
        if (!body.containsKey(field)) {
            return base;
        }
        Object value = body.get(field);
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text && (text.equals("true") || text.equals("false"))) {
            return Boolean.parseBoolean(text);
        }
        errors.put(field, label(field) + " must be true or false, got " + value);
        return base;
    }

    private void ordered(String criticalField, Long warning, Long critical, String warningField) {
        if (warning != null && critical != null && critical < warning && !errors.containsKey(criticalField)) {
            errors.put(criticalField, label(criticalField) + " must be at least " + label(warningField).toLowerCase(Locale.ROOT)
                    + " (" + warning + "), got " + critical);
        }
    }

    private void ordered(String criticalField, Integer warning, Long critical, String warningField) {
        ordered(criticalField, warning == null ? null : warning.longValue(), critical, warningField);
    }

    private static String types() {
        return String.join(", ", Arrays.stream(CheckType.values()).map(Enum::name).toList());
    }

    /** Returns the field's name as a sentence would start it, for example "Timeout seconds" for timeoutSeconds. */
    static String label(String field) {
        String spaced = field.replaceAll("([A-Z])", " $1").toLowerCase(Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
