package io.wem.settings;

import java.util.List;
import java.util.Locale;

import io.wem.config.ValueRules;

/**
 * The check and normalization of one setting's text. {@link #normalize} returns the value as stored, or null for an
 * empty optional value, and throws {@link InvalidSettingException} with the rule that the value breaks.
 */
interface SettingRule {

    String normalize(String value) throws InvalidSettingException;

    /** Describes the values allowed, for the form's help text. */
    String allowed();

    /** The exception a rule throws; its message completes a sentence that starts with the setting's label. */
    final class InvalidSettingException extends Exception {

        InvalidSettingException(String message) {
            super(message, null, false, false);
        }
    }

    static SettingRule host() {
        return new SettingRule() {
            @Override
            public String normalize(String value) throws InvalidSettingException {
                String host = required(value);
                if (!ValueRules.isHost(host)) {
                    throw new InvalidSettingException("must be a host name or an IP address, got '" + host + "'");
                }
                return host;
            }

            @Override
            public String allowed() {
                return "A host name or an IP address.";
            }
        };
    }

    static SettingRule integer(int min, int max) {
        return new SettingRule() {
            @Override
            public String normalize(String value) throws InvalidSettingException {
                return Integer.toString(parse(required(value), min, max));
            }

            @Override
            public String allowed() {
                return "A whole number from " + min + " to " + max + ".";
            }
        };
    }

    /** Returns a rule for an integer that may also be left empty, which means "not set". */
    static SettingRule optionalInteger(int min, int max) {
        return new SettingRule() {
            @Override
            public String normalize(String value) throws InvalidSettingException {
                String text = value == null ? "" : value.strip();
                return text.isEmpty() ? null : Integer.toString(parse(text, min, max));
            }

            @Override
            public String allowed() {
                return "Empty, or a whole number from " + min + " to " + max + ".";
            }
        };
    }

    static SettingRule text(int maxLength) {
        return new SettingRule() {
            @Override
            public String normalize(String value) throws InvalidSettingException {
                String text = required(value);
                if (text.length() > maxLength) {
                    throw new InvalidSettingException("must be at most " + maxLength + " characters, got " + text.length());
                }
                if (text.chars().anyMatch(Character::isISOControl)) {
                    throw new InvalidSettingException("must not contain control characters such as tabs or line breaks");
                }
                return text;
            }

            @Override
            public String allowed() {
                return "1 to " + maxLength + " characters.";
            }
        };
    }

    /** Returns a rule for a secret, which keeps its white space because a password may start or end with a space. */
    static SettingRule secret(int maxLength) {
        return new SettingRule() {
            @Override
            public String normalize(String value) throws InvalidSettingException {
                if (value == null || value.isEmpty()) {
                    return null;
                }
                if (value.length() > maxLength) {
                    throw new InvalidSettingException("must be at most " + maxLength + " characters");
                }
                if (value.indexOf('\0') >= 0) {
                    throw new InvalidSettingException("must not contain a NUL character");
                }
                return value;
            }

            @Override
            public String allowed() {
                return "Up to " + maxLength + " characters; leave empty to keep the saved password.";
            }
        };
    }

    static SettingRule choice(List<String> choices, boolean optional) {
        return new SettingRule() {
            @Override
            public String normalize(String value) throws InvalidSettingException {
                String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
                if (text.isEmpty() && optional) {
                    return null;
                }
                if (!choices.contains(text)) {
                    throw new InvalidSettingException("must be one of " + String.join(", ", choices)
                            + (optional ? " or empty" : "") + ", got '" + value + "'");
                }
                return text;
            }

            @Override
            public String allowed() {
                return "One of " + String.join(", ", choices) + (optional ? ", or empty." : ".");
            }
        };
    }

    /** Returns a rule for an http or https URL without credentials. Empty turns off the integration that needs it. */
    static SettingRule url() {
        return new SettingRule() {
            @Override
            public String normalize(String value) throws InvalidSettingException {
                String text = value == null ? "" : value.strip();
                if (text.isEmpty()) {
                    return null;
                }
                if (text.length() > 2000) {
                    throw new InvalidSettingException("must be at most 2000 characters");
                }
                String problem = ValueRules.urlProblem(text);
                if (problem != null) {
                    // A URL with credentials is not echoed, because the credentials are secrets.
                    String shown = problem.startsWith("must not contain") ? "" : ", got '" + text + "'";
                    throw new InvalidSettingException(problem + shown);
                }
                return ValueRules.trimUrl(text);
            }

            @Override
            public String allowed() {
                return "Empty, or an http:// or https:// URL without a user name or password.";
            }
        };
    }

    private static String required(String value) throws InvalidSettingException {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            throw new InvalidSettingException("must not be empty");
        }
        return text;
    }

    private static int parse(String text, int min, int max) throws InvalidSettingException {
        int number;
        try {
            number = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("must be a whole number from " + min + " to " + max + ", got '" + text + "'");
        }
        if (number < min || number > max) {
            throw new InvalidSettingException("must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }
}
