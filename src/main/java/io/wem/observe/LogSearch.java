package io.wem.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The filters of the Logs panel and the LogQL they make. WEM expects the cluster's log streams to carry the labels
 * {@code host}, {@code segment} (such as seg-1 for the coordinator and seg0 for a segment) and {@code severity},
 * and the labels {@code database} and {@code user} where the shipper sets them. Host, segment and severity go into
 * the stream selector; database and user become label filters, and the text a line filter.
 */
record LogSearch(Set<String> severities, String host, String segment, String database, String user, String text) {

    /** The severities of PostgreSQL and WarehousePG logs, least severe first. DEBUG covers DEBUG1 to DEBUG5. */
    static final List<String> SEVERITIES = List.of("DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "LOG", "FATAL", "PANIC");

    String logql() {
        List<String> matchers = new ArrayList<>();
        if (present(host)) {
            matchers.add("host=" + literal(host));
        }
        if (present(segment)) {
            matchers.add("segment=" + literal(segment));
        }
        if (severities != null && !severities.isEmpty()) {
            String alternatives = SEVERITIES.stream().filter(severities::contains)
                    .map(severity -> severity.equals("DEBUG") ? "DEBUG[1-5]?" : severity)
                    .collect(Collectors.joining("|"));
            matchers.add("severity=~" + literal(alternatives));
        }
        if (matchers.isEmpty()) {
            // Loki needs at least one matcher that cannot match an empty value.
            matchers.add("severity=~\".+\"");
        }
        StringBuilder query = new StringBuilder("{").append(String.join(", ", matchers)).append("}");
        if (present(database)) {
            query.append(" | database=").append(literal(database));
        }
        if (present(user)) {
            query.append(" | user=").append(literal(user));
        }
        if (present(text)) {
            query.append(" |= ").append(literal(text));
        }
        return query.toString();
    }

    /** Quotes a value as a LogQL double-quoted string, escaping backslashes, quotes and line breaks. */
    static String literal(String value) {
        return ChartCatalog.stringLiteral(value);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
