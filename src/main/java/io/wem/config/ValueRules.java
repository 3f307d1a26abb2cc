package io.wem.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Rules for host names and URLs, shared by start-up validation and the Settings tab so both accept the same values. */
public final class ValueRules {

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ValueRules() {
    }

    public static boolean isHost(String value) {
        return IPV4.matcher(value).matches()
                || HOST_NAME.matcher(value).matches()
                || (value.contains(":") && IPV6.matcher(value).matches());
    }

    /** Returns what is wrong with {@code value} as an http or https URL without credentials, or null when it is fine. */
    public static String urlProblem(String value) {
        try {
            if (value.contains("@")) {
                return "must not contain a user name or password";
            }
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return "must be an http:// or https:// URL";
            }
            if (uri.getUserInfo() != null) {
                return "must not contain a user name or password";
            }
            if (uri.getHost() == null) {
                return "must name a host, for example http://127.0.0.1:9090";
            }
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                return "must have a port between 1 and 65535";
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                return "must not have a query (?) or a fragment (#)";
            }
            return null;
        } catch (URISyntaxException e) {
            return "must be a valid URL (" + e.getReason() + ")";
        }
    }

    /** Returns the URL without trailing slashes, so that API paths can be appended to it. */
    public static String trimUrl(String value) {
        String trimmed = value;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
