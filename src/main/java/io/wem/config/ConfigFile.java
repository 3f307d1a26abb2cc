package io.wem.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parser for {@code wem.conf}: {@code KEY=value} lines, {@code #} comments, blank lines, an optional
 * {@code export } prefix and values in single or double quotes. A {@code #} inside quotes is part of the
 * value; outside quotes it starts a comment only after white space, so {@code p#ss} stays one value.
 */
public final class ConfigFile {

    private ConfigFile() {
    }

    public static Map<String, String> read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    static Map<String, String> parse(List<String> lines, String fileName) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new InvalidConfigurationException(
                        fileName + " line " + (i + 1) + " is not KEY=value: " + line);
            }
            String key = line.substring(0, equals).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new InvalidConfigurationException(
                        fileName + " line " + (i + 1) + " has an invalid key: " + key);
            }
            values.put(key, unquote(line.substring(equals + 1).strip(), fileName, i + 1));
        }
        return values;
    }

    private static String unquote(String raw, String fileName, int lineNumber) {
        if (raw.startsWith("\"") || raw.startsWith("'")) {
            char quote = raw.charAt(0);
            int end = raw.indexOf(quote, 1);
            if (end < 0) {
                throw new InvalidConfigurationException(
                        fileName + " line " + lineNumber + " has an unterminated " + quote + " quote");
            }
            String rest = raw.substring(end + 1).strip();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                throw new InvalidConfigurationException(
                        fileName + " line " + lineNumber + " has text after the closing quote: " + rest);
            }
            return raw.substring(1, end);
        }
        int comment = raw.indexOf(" #");
        return comment >= 0 ? raw.substring(0, comment).strip() : raw;
    }
}
