package io.wem.canary;

/**
 * Finds where a second SQL statement starts, following PostgreSQL's lexical rules closely enough to skip every
 * {@code ;} inside a string constant ({@code '...'} and {@code E'...'}), a quoted identifier, a dollar-quoted string or
 * a comment. The Query check needs this because the JDBC driver splits {@code SELECT 1; SELECT 2} on its own and
 * would run both. Empty statements, such as a trailing {@code ;} or {@code ;;}, do not count.
 *
 * <p>NOTE: plain string constants are scanned as with {@code standard_conforming_strings = on}, the default since
 * PostgreSQL 9.1, where a backslash is an ordinary character.
 */
final class SqlStatementScanner {

    private SqlStatementScanner() {
    }

    /**
     * Returns the index of the {@code ;} that ends the first statement when another statement follows it, or -1 when
     * {@code sql} contains at most one. An unterminated string or comment runs to the end, so the server reports it.
     */
    static int secondStatementSeparator(String sql) {
        boolean seenStatement = false;
        int separator = -1;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                i = skipLineComment(sql, i);
            } else if (sql.startsWith("/*", i)) {
                i = skipBlockComment(sql, i);
            } else if (c == ';') {
                if (seenStatement && separator < 0) {
                    separator = i;
                }
                i++;
            } else if (separator >= 0) {
                return separator;
            } else {
                seenStatement = true;
                i = skipToken(sql, i);
            }
        }
        return -1;
    }

    /** Returns the index after the token or character at {@code start}, skipping a whole quoted string or identifier. */
    private static int skipToken(String sql, int start) {
        char c = sql.charAt(start);
        if (c == '\'') {
            return skipQuoted(sql, start, '\'', isEscapeString(sql, start));
        }
        if (c == '"') {
            return skipQuoted(sql, start, '"', false);
        }
        if (c == '$') {
            return skipDollarQuoted(sql, start);
        }
        return start + 1;
    }

    private static int skipLineComment(String sql, int start) {
        int end = sql.indexOf('\n', start);
        return end < 0 ? sql.length() : end + 1;
    }

    /** Block comments nest in PostgreSQL, unlike in the SQL standard and most other databases. */
    private static int skipBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /**
     * Returns the index after the closing quote. A doubled quote stands for one quote, and so does a backslash and
     * quote in an escape string.
     */
    private static int skipQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** Returns whether the quote at {@code quote} opens an escape string constant: {@code E'...'}, where E is not the end of a longer word. */
    private static boolean isEscapeString(String sql, int quote) {
        if (quote < 1) {
            return false;
        }
        char prefix = sql.charAt(quote - 1);
        return (prefix == 'E' || prefix == 'e') && (quote < 2 || !isIdentifierPart(sql.charAt(quote - 2)));
    }

    /**
     * Skips a dollar-quoted string such as {@code $$...$$} or {@code $body$...$body$}. A {@code $} is only a plain
     * character when it continues an identifier ({@code price$usd}) or starts a parameter ({@code $1}), since a tag
     * cannot start with a digit.
     */
    private static int skipDollarQuoted(String sql, int start) {
        if (start > 0 && isIdentifierPart(sql.charAt(start - 1))) {
            return start + 1;
        }
        int tagEnd = start + 1;
        if (tagEnd < sql.length() && Character.isDigit(sql.charAt(tagEnd))) {
            return start + 1;
        }
        while (tagEnd < sql.length() && isTagPart(sql.charAt(tagEnd))) {
            tagEnd++;
        }
        if (tagEnd >= sql.length() || sql.charAt(tagEnd) != '$') {
            return start + 1;
        }
        String delimiter = sql.substring(start, tagEnd + 1);
        int close = sql.indexOf(delimiter, tagEnd + 1);
        return close < 0 ? sql.length() : close + delimiter.length();
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static boolean isTagPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
