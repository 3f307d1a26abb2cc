package io.wem.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits bytes of a PostgreSQL csv log into records. A record ends at a newline outside double quotes, and a field
 * may span lines and contain {@code ""} for a quote. Only complete records are returned, so a caller that reads a
 * file in chunks continues at {@link Parsed#consumed()} and never splits a record. Scanning works on bytes because
 * a quote and a newline never occur inside a UTF-8 multibyte character.
 */
final class CsvRecords {

    private static final byte QUOTE = '"';
    private static final byte NEWLINE = '\n';

    /** The complete records found and the number of bytes they took, which is where the next read starts. */
    record Parsed(List<List<String>> records, int consumed) {
    }

    private CsvRecords() {
    }

    static Parsed parse(byte[] data) {
        List<List<String>> records = new ArrayList<>();
        int recordStart = 0;
        boolean quoted = false;
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            if (b == QUOTE) {
                quoted = !quoted;
            } else if (b == NEWLINE && !quoted) {
                records.add(fields(data, recordStart, i));
                recordStart = i + 1;
            }
        }
        return new Parsed(records, recordStart);
    }

    /** Splits one record, from {@code start} to the newline at {@code end}, into its fields. */
    private static List<String> fields(byte[] data, int start, int end) {
        int last = end > start && data[end - 1] == '\r' ? end - 1 : end;
        String line = new String(data, start, last - start, StandardCharsets.UTF_8);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
