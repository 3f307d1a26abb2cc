package io.wem.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads parameters through a lookup and collects every invalid value instead of stopping at the first,
 * so that one start-up reports all of them. Each problem names the parameter, the value and what is allowed.
 */
final class ConfigReader {

    private final Function<String, String> lookup;
    private final List<String> problems = new ArrayList<>();

    ConfigReader(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    List<String> problems() {
        return problems;
    }

    /** Returns the value with surrounding white space removed, or null when it is unset or blank. */
    String raw(ConfigParameter parameter) {
        String value = lookup.apply(parameter.name());
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip();
    }

    String text(ConfigParameter parameter, String defaultValue) {
        String value = raw(parameter);
        return value == null ? defaultValue : value;
    }

    Secret secret(ConfigParameter parameter) {
        // Secrets keep their white space: a password may start or end with a space.
        String value = lookup.apply(parameter.name());
        return value == null ? Secret.NONE : new Secret(value);
    }

    int integer(ConfigParameter parameter, int defaultValue, int min, int max) {
        String value = raw(parameter);
        if (value == null) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                problem(parameter, value, "must be between " + min + " and " + max);
                return defaultValue;
            }
            return number;
        } catch (NumberFormatException e) {
            problem(parameter, value, "must be a whole number between " + min + " and " + max);
            return defaultValue;
        }
    }

    Integer optionalInteger(ConfigParameter parameter, int min, int max) {
        return raw(parameter) == null ? null : integer(parameter, 0, min, max);
    }

    boolean bool(ConfigParameter parameter, boolean defaultValue) {
        String value = raw(parameter);
        if (value == null) {
            return defaultValue;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on":
                return true;
            case "0", "false", "no", "off":
                return false;
            default:
                problem(parameter, value, "must be one of 1, 0, true, false, yes, no, on, off");
                return defaultValue;
        }
    }

    String oneOf(ConfigParameter parameter, String defaultValue, List<String> allowed) {
        String value = raw(parameter);
        if (value == null) {
            return defaultValue;
        }
        String normalized = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(normalized)) {
            problem(parameter, value, "must be one of " + String.join(", ", allowed));
            return defaultValue;
        }
        return normalized;
    }

    String host(ConfigParameter parameter, String defaultValue) {
        String value = raw(parameter);
        if (value == null) {
            return defaultValue;
        }
        if (!ValueRules.isHost(value)) {
            problem(parameter, value, "must be a host name or an IP address");
            return defaultValue;
        }
        return value;
    }

    /** Returns an http or https URL without credentials and without a trailing slash, or null when unset. */
    String url(ConfigParameter parameter) {
        String value = raw(parameter);
        if (value == null) {
            return null;
        }
        String rule = ValueRules.urlProblem(value);
        if (rule != null) {
            problem(parameter, rule.startsWith("must not contain") ? "(URL with credentials)" : value, rule);
            return null;
        }
        return ValueRules.trimUrl(value);
    }

    void problem(ConfigParameter parameter, String value, String rule) {
        String shown = parameter.isSecret() ? "(secret)" : value;
        problems.add(parameter.name() + "=" + shown + " is invalid: " + rule);
    }
}
