package io.wem.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL behind {@code wem demo}, with its data kept in a directory so that a second run finds
 * the same cluster. It contains a {@code demo} database with a {@code sales} table of a few thousand rows. The server
 * writes a csv log and, from its first start, logs statements of 250 ms or more, so that the Slow Queries panel has
 * data. A report query of half a second to a second and a half runs every 30 s as the application "demo-report".
 */
final class DemoCluster {

    static final String DATABASE = "demo";
    static final String USER = "postgres";
    private static final int SALES_ROWS = 5_000;
    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(DemoCluster.class);

    private final EmbeddedPostgres postgres;
    private final ScheduledExecutorService workload = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "wem-demo-workload");
        thread.setDaemon(true);
        return thread;
    });

    private DemoCluster(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static DemoCluster start(Path dataDirectory, int port) {
        // Spring Boot's logging starts later; until then keep the server's start-up chatter off the console.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.zonky")).setLevel(Level.WARN);
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("logging_collector", "on")
                    .start();
            DemoCluster cluster = new DemoCluster(postgres);
            cluster.createDemoSchema();
            cluster.workload.scheduleWithFixedDelay(cluster::runReport, 10, REPORT_INTERVAL.toSeconds(), TimeUnit.SECONDS);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("The demo cluster could not start in " + dataDirectory
                    + " on port " + port + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("The demo schema could not be created: " + e.getMessage(), e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    void stop() {
        workload.shutdownNow();
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("The demo cluster on port {} did not stop cleanly: {}", postgres.getPort(), e.getMessage());
        }
    }

    /** Runs one slow report on the sales table; a failure is logged and the next run tries again. */
    private void runReport() {
        try (Connection connection = postgres.getDatabase(USER, DATABASE).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = 'demo-report'");
            statement.execute("""
                    WITH top_seller AS (
                        SELECT region, product, sum(amount) AS revenue FROM sales
                        GROUP BY region, product ORDER BY revenue DESC LIMIT 1)
                    SELECT region, product, revenue, pg_sleep(0.5 + random()) FROM top_seller
                    """);
        } catch (SQLException e) {
            log.warn("The demo report query failed: {}", e.getMessage());
        }
    }

    private void createDemoSchema() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rows.next()) {
                    statement.execute("CREATE DATABASE " + DATABASE);
                    // Only on the first start, and not as server options, so that an Admin can change them later.
                    statement.execute("ALTER SYSTEM SET log_destination = 'csvlog'");
                    statement.execute("ALTER SYSTEM SET log_min_duration_statement = 250");
                    statement.execute("SELECT pg_reload_conf()");
                }
            }
        }
        try (Connection connection = postgres.getDatabase(USER, DATABASE).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS sales (
                        id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                        sold_at    timestamptz NOT NULL,
                        region     text NOT NULL,
                        product    text NOT NULL,
                        quantity   integer NOT NULL,
                        amount     numeric(12, 2) NOT NULL
                    )
                    """);
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM sales")) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            }
            statement.execute("""
                    INSERT INTO sales (sold_at, region, product, quantity, amount)
                    SELECT now() - (n || ' minutes')::interval,
                           (ARRAY['EMEA', 'AMER', 'APAC'])[1 + n % 3],
                           (ARRAY['storage', 'compute', 'support', 'licence'])[1 + n % 4],
                           1 + n % 17,
                           round((10 + (n * 37) % 990)::numeric, 2)
                    FROM generate_series(1, :rows) AS n
                    """.replace(":rows", Integer.toString(SALES_ROWS)));
            statement.execute("ANALYZE sales");
        }
    }
}
