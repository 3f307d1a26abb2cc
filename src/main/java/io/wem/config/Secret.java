package io.wem.config;

/**
 * A secret configuration value. Its {@code toString} is redacted so that a secret cannot reach a log
 * line or an error message by accident; callers that need the value call {@link #reveal()}.
 */
public record Secret(String value) {

    public static final Secret NONE = new Secret("");

    public Secret {
        value = value == null ? "" : value;
    }

    public boolean isSet() {
        return !value.isEmpty();
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return isSet() ? "******" : "(not set)";
    }
}
