package io.wem.web;

/**
 * Quotes CSV cells as RFC 4180 does. A cell that a spreadsheet would read as a formula (starting with =, +, -, @, tab
 * or carriage return) gets a leading apostrophe, because exports carry text that users and clients chose.
 */
public final class CsvCells {

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private CsvCells() {
    }

    /** Returns the cell as it goes into a row: empty for null, quoted when it contains a comma, quote or line break. */
    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        // A plain number such as -1 cannot be a formula and stays as it is.
        boolean number = NUMBER.matcher(value).matches();
        String safe = !number && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
