package io.wem.query;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement that the cluster logged because it ran for at least {@code log_min_duration_statement}.
 * {@code entryKey} identifies the log entry, so that an entry read twice is stored once.
 */
record SlowStatement(String entryKey, Instant loggedAt, double durationMs, String user, String database,
                     String application, String sessionId, String query) {

    /** Longer statement texts are cut to this many characters, the size of the store's column. */
    static final int MAX_QUERY_LENGTH = 1_000_000;
    /** Characters kept free at the end of a cut text for the note that gives the length of the statement. */
    private static final int CUT_NOTE_ROOM = 100;

    /**
     * The message of a slow statement: "duration: 312.456 ms  statement: SELECT ...", or "execute NAME: ..." for the
     * extended query protocol that JDBC drivers use. Messages of the parse and bind steps, and "duration: ..." alone
     * (from {@code log_duration}), carry no finished statement and do not match.
     */
    private static final Pattern MESSAGE = Pattern.compile(
            "^duration: (\\d+(?:\\.\\d+)?) ms {2}(?:statement|execute [^:]*|fastpath function call): (.*)$", Pattern.DOTALL);

    /** The duration and statement text of a matching log message. */
    record Message(double durationMs, String query) {
    }

    /** Returns the duration and text of a slow-statement message, or null for any other message. */
    static Message parseMessage(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = MESSAGE.matcher(message);
        if (!matcher.matches()) {
            return null;
        }
        String query = matcher.group(2).strip();
        if (query.length() > MAX_QUERY_LENGTH) {
            String note = "\n-- [WEM kept the first " + (MAX_QUERY_LENGTH - CUT_NOTE_ROOM) + " of " + query.length() + " characters]";
            query = query.substring(0, MAX_QUERY_LENGTH - CUT_NOTE_ROOM) + note;
        }
        return new Message(Double.parseDouble(matcher.group(1)), query);
    }
}
