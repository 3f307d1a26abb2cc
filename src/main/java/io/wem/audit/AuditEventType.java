package io.wem.audit;

/** Every kind of audit event, with the label that the Audit Log shows. Features add theirs here. */
public enum AuditEventType {
    LOGIN("Login"),
    LOGOUT("Logout"),
    FAILED_LOGIN("Failed Login"),
    CREATE_USER("Create User"),
    UPDATE_USER("Update User"),
    DELETE_USER("Delete User"),
    PASSWORD_CHANGE("Password Change"),
    PASSWORD_RESET("Password Reset"),
    ACCOUNT_LOCKED("Account Locked"),
    ACCOUNT_UNLOCKED("Account Unlocked"),
    CREATE_DATABASE_ROLE("Create Database Role"),
    UPDATE_PERMISSIONS("Update Permissions"),
    RESET_PERMISSIONS("Reset Permissions"),
    UPDATE_SETTINGS("Update Settings"),
    CREATE_CANARY_CHECK("Create Canary Check"),
    UPDATE_CANARY_CHECK("Update Canary Check"),
    DELETE_CANARY_CHECK("Delete Canary Check"),
    RUN_CANARY_CHECK("Run Canary Check"),
    START_SCHEDULER("Start Scheduler"),
    CANCEL_QUERY("Cancel Query"),
    TERMINATE_SESSION("Terminate Session"),
    STOP_SCHEDULER("Stop Scheduler"),
    SESSION_EXPIRED("Session Expired"),
    AUDIT_PURGED("Audit Purged"),
    ACCESS_DENIED("Access Denied");

    private final String label;

    AuditEventType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
