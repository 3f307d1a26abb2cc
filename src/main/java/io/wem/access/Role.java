package io.wem.access;

/** WEM's built-in roles. The name is what the store and the API carry. */
public enum Role {
    ADMIN("Admin", "Full system control: every panel, every action and Management"),
    OPERATOR("Operator", "Operational panels, including query management and cancellation"),
    VIEWER("Viewer", "Read-only access to the dashboards, metrics and logs");

    private final String label;
    private final String description;

    Role(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }
}
