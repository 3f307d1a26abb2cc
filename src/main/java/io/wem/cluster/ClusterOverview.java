package io.wem.cluster;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of the cluster for the Dashboard and {@code GET /api/v1/cluster/overview}. When {@code reachable} is
 * false, {@code error} gives the reason and the other cluster fields are null. {@code sessionsByState} counts client sessions
 * by {@code pg_stat_activity.state}, plus {@code waiting} for the sessions waiting on a lock (a subset of the others).
 * The segment fields are null on a cluster without segments.
 */
public record ClusterOverview(
        boolean reachable,
        String error,
        String flavor,
        Integer majorVersion,
        String serverVersion,
        Instant startedAt,
        Long uptimeSeconds,
        Integer connections,
        Integer maxConnections,
        Map<String, Long> sessionsByState,
        Integer databases,
        Integer segmentsUp,
        Integer segmentsTotal,
        boolean emulated,
        Instant checkedAt) {

    public static ClusterOverview unreachable(String error, Instant checkedAt) {
        return new ClusterOverview(false, error, null, null, null, null, null, null, null, null, null, null, null,
                false, checkedAt);
    }

    /** Returns the uptime as days, hours and minutes, for example "3d 4h 12m", or null when unknown. */
    public String uptime() {
        if (uptimeSeconds == null) {
            return null;
        }
        long days = uptimeSeconds / 86_400;
        long hours = uptimeSeconds % 86_400 / 3_600;
        long minutes = uptimeSeconds % 3_600 / 60;
        if (days > 0) {
            return days + "d " + hours + "h " + minutes + "m";
        }
        return hours > 0 ? hours + "h " + minutes + "m" : minutes + "m " + uptimeSeconds % 60 + "s";
    }

    /** Returns the share of {@code max_connections} in use, as a whole percentage, or 0 when unknown. */
    public int connectionPercent() {
        if (connections == null || maxConnections == null || maxConnections == 0) {
            return 0;
        }
        return (int) Math.round(100.0 * connections / maxConnections);
    }
}
