package io.wem.web;

/**
 * Quotes CSV cells as RFC 4180 does. A cell that a spreadsheet would read as a formula (starting with =, +, -, @, tab
 * or carriage return) gets a leading apostrophe, because exports carry text that users and clients chose.
 */
public final class CsvCells {

    private CsvCells() {
    }

    /** Returns the cell as it goes into a row: empty for null, quoted when it contains a comma, quote or line break. */
    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
