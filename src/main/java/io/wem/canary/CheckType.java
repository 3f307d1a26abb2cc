package io.wem.canary;

/** The kinds of canary check. The last two exist only as system checks, which WEM creates on its first start. */
public enum CheckType {
    CONNECTIVITY("Connectivity"),
    QUERY("Query"),
    SEGMENT_HEALTH("Segment Health"),
    REPLICATION("Replication"),
    ACTIVE_CONNECTIONS("Active Connections"),
    XID_AGE("Transaction ID Age");

    private final String label;

    CheckType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Returns whether the warning and critical latency thresholds (warningMs, criticalMs) apply to this type. */
    public boolean usesLatencyThresholds() {
        return this == CONNECTIVITY || this == QUERY;
    }
}
