package io.wem.settings;

/** The origin of a setting's value. File and environment values win over stored ones and are read-only in Settings. */
public enum SettingSource {
    DEFAULT("default"),
    STORE("saved in Settings"),
    FILE("set in wem.conf"),
    ENVIRONMENT("set in the environment");

    private final String note;

    SettingSource(String note) {
        this.note = note;
    }

    public String note() {
        return note;
    }

    public boolean readOnly() {
        return this == FILE || this == ENVIRONMENT;
    }
}
