package io.wem.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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
            EmbeddedPostgres started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(started)));
        }
        return shared;
    }

    /** Starts a server of its own, in {@code dataDirectory} when given (kept, so it can restart with its data), on {@code port} or any free port for 0. */
    public static EmbeddedPostgres start(Path dataDirectory, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
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
