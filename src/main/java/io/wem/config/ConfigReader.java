package io.wem.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads parameters through a lookup and collects every invalid value instead of stopping at the first,
 * so that one start-up reports all of them. Each problem names the parameter, the value and what is allowed.
 */
final class ConfigReader {

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

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
        if (!isHost(value)) {
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
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problem(parameter, value, "must be an http:// or https:// URL");
                return null;
            }
            if (uri.getHost() == null) {
                problem(parameter, value, "must name a host, for example http://127.0.0.1:9090");
                return null;
            }
            if (uri.getUserInfo() != null) {
                problem(parameter, "(URL with credentials)", "must not contain a user name or password");
                return null;
            }
            return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        } catch (URISyntaxException e) {
            problem(parameter, value, "must be a valid URL: " + e.getReason());
            return null;
        }
    }

    void problem(ConfigParameter parameter, String value, String rule) {
        String shown = parameter.isSecret() ? "(secret)" : value;
        problems.add(parameter.name() + "=" + shown + " is invalid: " + rule);
    }

    static boolean isHost(String value) {
        return IPV4.matcher(value).matches()
                || HOST_NAME.matcher(value).matches()
                || (value.contains(":") && IPV6.matcher(value).matches());
    }
}
