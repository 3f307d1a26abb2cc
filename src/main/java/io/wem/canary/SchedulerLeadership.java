package io.wem.canary;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.wem.config.WemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Decides which WEM instance runs the canary scheduler. With an H2 store there is one instance, which always leads.
 * With a PostgreSQL store the leader holds a session-level advisory lock on a connection of its own: when that
 * instance dies, PostgreSQL ends the session and frees the lock, and another instance takes it at its next attempt.
 */
@Component
public class SchedulerLeadership implements DisposableBean {

    /** The advisory lock key: the bytes of "WEMCANRY" as a bigint, unlikely to clash with another application's key. */
    static final long LOCK_KEY = 0x57454D43414E5259L;
    private static final Logger log = LoggerFactory.getLogger(SchedulerLeadership.class);

    private final DataSource store;
    private final boolean shared;
    private Connection lockConnection;
    private volatile boolean leader;

    SchedulerLeadership(DataSource store, WemConfig config) {
        this.store = store;
        this.shared = config.stateStore().isPostgres();
        this.leader = !shared;
    }

    public boolean isLeader() {
        return leader;
    }

    /** Checks the held lock or tries to take it; the scheduler calls this every few seconds. */
    synchronized void maintain() {
        if (!shared) {
            return;
        }
        if (lockConnection != null) {
            if (stillHeld()) {
                return;
            }
            release("the lock connection failed", false);
        }
        tryAcquire();
    }

    private boolean stillHeld() {
        try {
            return lockConnection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void tryAcquire() {
        Connection connection = null;
        try {
            connection = store.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                statement.setLong(1, LOCK_KEY);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    if (rows.getBoolean(1)) {
                        lockConnection = connection;
                        leader = true;
                        log.info("This WEM instance now runs the canary scheduler (advisory lock {} taken)", LOCK_KEY);
                        return;
                    }
                }
            }
            connection.close();
        } catch (SQLException e) {
            log.warn("Could not try the canary scheduler lock: {}", e.getMessage());
            closeQuietly(connection);
        }
    }

    private void release(String reason, boolean expected) {
        if (leader && expected) {
            log.info("This WEM instance stopped running the canary scheduler: {}", reason);
        } else if (leader) {
            log.warn("This WEM instance stopped running the canary scheduler: {}", reason);
        }
        leader = false;
        // Evicted, not returned: a pooled session that still held the lock would pass it to the next borrower.
        if (lockConnection != null && store instanceof HikariDataSource pool) {
            pool.evictConnection(lockConnection);
        } else {
            closeQuietly(lockConnection);
        }
        lockConnection = null;
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Closing the lock connection failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void destroy() {
        if (lockConnection != null) {
            try (PreparedStatement statement = lockConnection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                statement.setLong(1, LOCK_KEY);
                statement.execute();
            } catch (SQLException e) {
                log.debug("Unlocking the scheduler lock failed: {}", e.getMessage());
            }
        }
        release("WEM is stopping", true);
        leader = !shared;
    }
}
