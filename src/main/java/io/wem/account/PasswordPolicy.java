package io.wem.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.wem.settings.SettingsStore;
import io.wem.web.WemException;
import org.springframework.stereotype.Component;

/** The password rules for every WEM account: minimum length, four character classes, and not the username. */
@Component
public class PasswordPolicy {

    private final SettingsStore settings;

    PasswordPolicy(SettingsStore settings) {
        this.settings = settings;
    }

    /** Returns the minimum length saved in Settings now, so a change applies to the next password set. */
    public int minLength() {
        return settings.current().accountPolicy().passwordMinLength();
    }

    /** Returns every rule that {@code password} breaks, each named so that the form can list them; empty when it passes. */
    public List<String> violations(String username, String password) {
        List<String> broken = new ArrayList<>();
        String value = password == null ? "" : password;
        int minLength = minLength();
        if (value.length() < minLength) {
            broken.add("at least " + minLength + " characters");
        }
        if (value.chars().noneMatch(Character::isUpperCase)) {
            broken.add("an upper case letter");
        }
        if (value.chars().noneMatch(Character::isLowerCase)) {
            broken.add("a lower case letter");
        }
        if (value.chars().noneMatch(Character::isDigit)) {
            broken.add("a digit");
        }
        if (value.chars().allMatch(Character::isLetterOrDigit)) {
            broken.add("a special character");
        }
        if (username != null && !username.isBlank()
                && value.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            broken.add("no copy of the username");
        }
        return broken;
    }

    /** Raises a 400 naming {@code field} and every broken rule when the password does not pass. */
    public void check(String field, String username, String password) {
        List<String> broken = violations(username, password);
        if (!broken.isEmpty()) {
            throw WemException.invalid(field, "Password needs " + String.join(", ", broken));
        }
    }
}
