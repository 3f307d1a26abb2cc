package io.wem.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 16 server for the tests, started once per test JVM and stopped when it exits. It plays both
 * the monitored cluster and, in the store tests, WEM's own state database.
 */
public final class TestPostgres {

    public static final String USER = "postgres";
    public static final String CLUSTER_DATABASE = "postgres";

    private static EmbeddedPostgres shared;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            shared = start(null, 0);
            requirePasswords(shared);
            EmbeddedPostgres started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(started)));
        }
        return shared;
    }

    /** Starts a server of its own, in {@code dataDirectory} when given (kept, so it can restart with its data), on {@code port} or any free port for 0. */
    public static EmbeddedPostgres start(Path dataDirectory, int port) {
        return start(dataDirectory, port, Map.of());
    }

    /** Starts a server of its own as {@link #start(Path, int)} does, with extra postgresql.conf settings. */
    public static EmbeddedPostgres start(Path dataDirectory, int port, Map<String, String> serverConfig) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            serverConfig.forEach(builder::setServerConfig);
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("The test PostgreSQL server did not start", e);
        }
    }

    public static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the embedded server's all-trust pg_hba.conf: the {@code postgres} superuser that the tests use keeps
     * trust, every other role needs its SCRAM password, so a test can prove that a role's password works.
     */
    private static void requirePasswords(EmbeddedPostgres postgres) {
        DataSource admin = postgres.getPostgresDatabase();
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SHOW hba_file")) {
            rows.next();
            java.nio.file.Files.writeString(Path.of(rows.getString(1)), String.join("\n",
                    "local all postgres trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "local all all scram-sha-256",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256",
                    ""));
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Could not require passwords on the test server", e);
        }
    }

    public static DataSource clusterDataSource() {
        return shared().getPostgresDatabase();
    }

    public static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test SQL failed: " + sql, e);
        }
    }
}
