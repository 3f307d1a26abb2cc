package io.wem.canary;

/** The result of one run: its status, its duration, the rows it read (Query checks) and a message for people. */
public record CheckOutcome(CanaryStatus status, long durationMs, Long rowCount, String message) {

    public static CheckOutcome ok(long durationMs, Long rowCount, String message) {
        return new CheckOutcome(CanaryStatus.OK, durationMs, rowCount, message);
    }

    public CheckOutcome withStatus(CanaryStatus newStatus, String newMessage) {
        return new CheckOutcome(newStatus, durationMs, rowCount, newMessage);
    }
}
