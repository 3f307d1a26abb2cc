package io.wem.canary;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.wem.cluster.CanarySql;
import org.springframework.stereotype.Component;

/**
 * Reads {@code gp_segment_configuration} and reports down instances (CRITICAL), instances out of their preferred role
 * after a mirror was promoted, and segments whose mirror is not in sync (both WARNING). The coordinator and its
 * standby count for the first two rules only, because their {@code mode} does not reflect replication to the standby.
 */
@Component
public final class SegmentHealthRunner implements CheckRunner {

    @Override
    public CheckType type() {
        return CheckType.SEGMENT_HEALTH;
    }

    @Override
    public CheckOutcome run(CanaryCheck check, Context context) throws SQLException {
        if (!context.info().flavor().hasSegments()) {
            return CheckOutcome.ok(0, null, "Not applicable: PostgreSQL has no segments");
        }

        long started = System.nanoTime();
        List<Instance> instances = readInstances(context);
        long durationMs = Thresholds.millisSince(started);

        List<String> down = new ArrayList<>();
        List<String> notPreferred = new ArrayList<>();
        List<String> notInSync = new ArrayList<>();
        for (Instance instance : instances) {
            if (instance.status().equals("d")) {
                down.add(instance.describe());
            }
            if (!instance.role().equals(instance.preferredRole())) {
                notPreferred.add(instance.describe());
            }
            if (instance.content() >= 0 && instance.mode().equals("n")) {
                notInSync.add(instance.describe());
            }
        }

        if (down.isEmpty() && notPreferred.isEmpty() && notInSync.isEmpty()) {
            return CheckOutcome.ok(durationMs, null,
                    "All " + instances.size() + " instances are up, in their preferred roles and in sync");
        }
        List<String> findings = new ArrayList<>();
        addFinding(findings, "Down", down);
        addFinding(findings, "Not in preferred role", notPreferred);
        addFinding(findings, "Not in sync", notInSync);
        CanaryStatus status = down.isEmpty() ? CanaryStatus.WARNING : CanaryStatus.CRITICAL;
        return new CheckOutcome(status, durationMs, null, String.join("; ", findings));
    }

    private static List<Instance> readInstances(Context context) throws SQLException {
        String sql = CanarySql.forCluster(context.info()).segmentConfiguration();
        List<Instance> instances = new ArrayList<>();
        try (Connection connection = context.connection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                instances.add(new Instance(rows.getInt("dbid"), rows.getInt("content"), rows.getString("role"),
                        rows.getString("preferred_role"), rows.getString("mode"), rows.getString("status"),
                        rows.getString("hostname"), rows.getInt("port")));
            }
        }
        return instances;
    }

    private static void addFinding(List<String> findings, String label, List<String> instances) {
        if (!instances.isEmpty()) {
            findings.add(label + ": " + String.join(", ", instances));
        }
    }

    /** One row of {@code gp_segment_configuration}, with the one-letter codes as the catalog stores them. */
    private record Instance(int dbid, int content, String role, String preferredRole, String mode, String status,
                            String hostname, int port) {

        String describe() {
            return "content " + content + " dbid " + dbid + " " + hostname + ":" + port;
        }
    }
}
