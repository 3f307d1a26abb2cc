package io.wem.audit;

/** Every kind of audit event, with the label that the Audit Log shows. Features add theirs here. */
public enum AuditEventType {
    LOGIN("Login"),
    LOGOUT("Logout"),
    FAILED_LOGIN("Failed Login"),
    CREATE_USER("Create User");

    private final String label;

    AuditEventType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
