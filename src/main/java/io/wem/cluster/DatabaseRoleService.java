package io.wem.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Database roles on the cluster, for mapping WEM accounts to them. Creating a role is two-phase: the caller gets
 * an open transaction on the cluster and commits it only once its own change has committed, so that a WEM user
 * and its database role are created together or not at all.
 */
@Service
public class DatabaseRoleService {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRoleService.class);

    private final ClusterConnection cluster;

    DatabaseRoleService(ClusterConnection cluster) {
        this.cluster = cluster;
    }

    /** Returns the login roles, without PostgreSQL's {@code pg_*} system roles, sorted by name. */
    public List<String> loginRoles() throws SQLException {
        try (Connection connection = cluster.connection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT rolname FROM pg_roles WHERE rolcanlogin AND rolname NOT LIKE 'pg\\_%' ORDER BY rolname")) {
            List<String> roles = new ArrayList<>();
            while (rows.next()) {
                roles.add(rows.getString(1));
            }
            return roles;
        }
    }

    public boolean isLoginRole(String name) throws SQLException {
        try (Connection connection = cluster.connection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT 1 FROM pg_roles WHERE rolname = ? AND rolcanlogin AND rolname NOT LIKE 'pg\\_%'")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * Creates a login role in an open cluster transaction. The password goes to the server already hashed by the
     * driver (with the server's {@code password_encryption}), so it appears in no statement text or server log.
     */
    public PendingRole beginCreate(String name, String password) throws SQLException {
        Connection connection = cluster.connection();
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE " + Identifiers.quote(name) + " LOGIN");
            }
            connection.unwrap(PGConnection.class).alterUserPassword(name, password.toCharArray(), null);
            return new PendingRole(name, connection);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, name);
            throw e;
        }
    }

    /** A created role whose cluster transaction is still open: {@link #commit} it, or {@link #close} rolls it back. */
    public static final class PendingRole implements AutoCloseable {

        private final String name;
        private final Connection connection;
        private boolean committed;
        private boolean closed;

        private PendingRole(String name, Connection connection) {
            this.name = name;
            this.connection = connection;
        }

        public String name() {
            return name;
        }

        public boolean isCommitted() {
            return committed;
        }

        public void commit() throws SQLException {
            connection.commit();
            committed = true;
            log.info("Created database role {}", name);
        }

        /** Rolls back unless committed, and returns the connection to the pool; a second call does nothing. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!committed) {
                rollbackQuietly(connection, name);
                return;
            }
            try {
                connection.setAutoCommit(true);
                connection.close();
            } catch (SQLException e) {
                log.warn("Closing the connection after creating role {} failed: {}", name, e.getMessage());
            }
        }
    }

    private static void rollbackQuietly(Connection connection, String name) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            log.warn("Rolling back the creation of role {} failed: {}", name, e.getMessage());
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                log.warn("Closing the connection after rolling back role {} failed: {}", name, e.getMessage());
            }
        }
    }
}
