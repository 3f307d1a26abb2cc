package io.wem.cluster;

/** Quoting of SQL identifiers as PostgreSQL does it, for the statements that cannot take a bind parameter. */
public final class Identifiers {

    private Identifiers() {
    }

    /**
     * Returns {@code name} as a quoted identifier: wrapped in double quotes, with each double quote doubled.
     * Rejects a NUL character, which PostgreSQL does not accept in an identifier.
     */
    public static String quote(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("An SQL identifier must not be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("An SQL identifier must not contain a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
