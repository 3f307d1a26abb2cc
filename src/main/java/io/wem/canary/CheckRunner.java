package io.wem.canary;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import io.wem.cluster.ClusterInfo;
import io.wem.config.WemConfig;

/**
 * Runs one type of canary check. The engine measures nothing itself: a runner returns the duration it measured,
 * decides the status from the check's own thresholds, and throws {@link SQLException} when the cluster fails the
 * query, which the engine turns into CRITICAL (unreachable, timed out) or ERROR (bad SQL, a write in a Query check).
 */
public interface CheckRunner {

    CheckType type();

    CheckOutcome run(CanaryCheck check, Context context) throws SQLException;

    /**
     * The resources of one run. {@link #connection()} comes from the canary pool for the check's database, with
     * {@code statement_timeout} already set to the check's timeout; the runner closes it. {@link #cluster()} is the
     * connection configuration for runners that must open a session of their own (Connectivity).
     */
    interface Context {

        Connection connection() throws SQLException;

        /**
         * Returns the cluster's flavor and version. When the cluster cannot be reached, it throws an
         * IllegalStateException whose cause is the SQLException, which the engine handles like the SQLException itself.
         */
        ClusterInfo info();

        WemConfig.ClusterConnectionConfig cluster();

        Duration timeout();
    }
}
