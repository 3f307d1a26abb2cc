package io.wem.canary;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.wem.cluster.CanarySql;
import org.springframework.stereotype.Component;

/**
 * Checks every WAL sender: to the mirrors and the standby coordinator from {@code gp_stat_replication} on WarehousePG,
 * to the replicas from {@code pg_stat_replication} on PostgreSQL. A sender without a state, in a state other than
 * {@code streaming} or with a {@code sync_error} is CRITICAL. Replay lag in bytes strictly above a threshold is
 * WARNING or CRITICAL. On PostgreSQL fewer replicas than the check expects is CRITICAL too.
 */
@Component
public final class ReplicationRunner implements CheckRunner {

    @Override
    public CheckType type() {
        return CheckType.REPLICATION;
    }

    @Override
    public CheckOutcome run(CanaryCheck check, Context context) throws SQLException {
        boolean segmented = context.info().flavor().hasSegments();

        long started = System.nanoTime();
        List<WalSender> senders = readSenders(context);
        long durationMs = Thresholds.millisSince(started);

        if (senders.isEmpty() && (segmented || check.expectedReplicas() == 0)) {
            String reason = segmented ? "no mirror or standby coordinator reports replication" : "no replicas expected";
            return CheckOutcome.ok(durationMs, null, "Not applicable: " + reason);
        }

        List<String> critical = new ArrayList<>();
        List<String> warning = new ArrayList<>();
        if (!segmented && senders.size() < check.expectedReplicas()) {
            critical.add("Found " + senders.size() + " of " + check.expectedReplicas() + " expected replicas");
        }
        long maxLagBytes = 0;
        for (WalSender sender : senders) {
            String failure = sender.failure();
            if (failure != null) {
                critical.add(sender.describe() + ": " + failure);
                continue;
            }
            if (sender.lagBytes() == null) {
                continue;
            }
            maxLagBytes = Math.max(maxLagBytes, sender.lagBytes());
            CanaryStatus lagStatus = Thresholds.statusAbove(sender.lagBytes(), check.warningLagBytes(), check.criticalLagBytes());
            if (lagStatus == CanaryStatus.CRITICAL) {
                critical.add(sender.describe() + ": " + sender.describeLag() + " is above the critical threshold of "
                        + check.criticalLagBytes() + " bytes");
            } else if (lagStatus == CanaryStatus.WARNING) {
                warning.add(sender.describe() + ": " + sender.describeLag() + " is above the warning threshold of "
                        + check.warningLagBytes() + " bytes");
            }
        }

        if (!critical.isEmpty()) {
            critical.addAll(warning);
            return new CheckOutcome(CanaryStatus.CRITICAL, durationMs, null, String.join("; ", critical));
        }
        if (!warning.isEmpty()) {
            return new CheckOutcome(CanaryStatus.WARNING, durationMs, null, String.join("; ", warning));
        }
        String senderNoun = segmented ? " WAL senders" : " replicas";
        return CheckOutcome.ok(durationMs, null, "All " + senders.size() + senderNoun
                + " are streaming, maximum replay lag " + maxLagBytes + " bytes");
    }

    private static List<WalSender> readSenders(Context context) throws SQLException {
        String sql = CanarySql.forCluster(context.info()).replication();
        List<WalSender> senders = new ArrayList<>();
        try (Connection connection = context.connection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                int segmentId = rows.getInt("gp_segment_id");
                Integer segment = rows.wasNull() ? null : segmentId;
                BigDecimal lagBytes = rows.getBigDecimal("lag_bytes");
                BigDecimal replayLagSeconds = rows.getBigDecimal("replay_lag_seconds");
                senders.add(new WalSender(segment, rows.getString("application_name"), rows.getString("client_addr"),
                        rows.getString("state"), rows.getString("sync_error"),
                        lagBytes == null ? null : lagBytes.longValue(),
                        replayLagSeconds == null ? null : replayLagSeconds.doubleValue()));
            }
        }
        return senders;
    }

    /** One row of the replication view. {@code segmentId} and {@code syncError} are null on PostgreSQL. */
    private record WalSender(Integer segmentId, String applicationName, String clientAddress, String state,
                             String syncError, Long lagBytes, Double replayLagSeconds) {

        /** Returns why this sender fails, or null when it streams without an error. */
        String failure() {
            List<String> reasons = new ArrayList<>();
            if (state == null && segmentId != null) {
                reasons.add("state is NULL, so the mirror or standby is not connected");
            } else if (state == null) {
                // PostgreSQL lists only connected senders, but shows their state only to pg_read_all_stats members.
                reasons.add("state is NULL, so the monitoring role may lack pg_read_all_stats");
            } else if (!state.equals("streaming")) {
                reasons.add("state is " + state + ", not streaming");
            }
            // PostgreSQL has no sync_error column, so a NULL one counts as no error.
            if (syncError != null && !syncError.equals("none")) {
                reasons.add("sync_error is " + syncError);
            }
            return reasons.isEmpty() ? null : String.join(", ", reasons);
        }

        String describe() {
            StringBuilder text = new StringBuilder();
            text.append(segmentId != null ? "gp_segment_id " + segmentId + " " : "replica ");
            text.append("application_name ").append(applicationName);
            if (clientAddress != null) {
                text.append(" from ").append(clientAddress);
            }
            return text.toString();
        }

        String describeLag() {
            String seconds = replayLagSeconds == null ? "" : String.format(Locale.ROOT, " (%.1f s)", replayLagSeconds);
            return "replay lag of " + lagBytes + " bytes" + seconds;
        }
    }
}
