package io.wem.canary;

/**
 * The status of a canary run or check, with the number that {@code wem_canary_status} exports. ERROR means the check
 * itself is misconfigured (bad SQL, for example); STALE means no run completed recently, whatever the last result was.
 */
public enum CanaryStatus {
    OK(0),
    WARNING(1),
    CRITICAL(2),
    ERROR(3),
    STALE(4);

    private final int code;

    CanaryStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Returns whether this status counts towards firing an alert. */
    public boolean isBad() {
        return this != OK;
    }

    /** Returns the worse of two run statuses: CRITICAL over WARNING over OK; ERROR and STALE are kept as they are. */
    public static CanaryStatus worse(CanaryStatus first, CanaryStatus second) {
        return first.code >= second.code ? first : second;
    }
}
