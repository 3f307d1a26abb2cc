package io.wem.canary;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.wem.cluster.ClusterConnection;
import io.wem.cluster.ClusterInfo;
import io.wem.config.Secret;
import io.wem.config.WemConfig;
import io.wem.testsupport.TestPostgres;
import io.wem.testsupport.WhpgCatalogEmulation;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A {@link CheckRunner.Context} on the test PostgreSQL. Each call to {@link #connection()} opens a new session as
 * the context's role with {@code statement_timeout} set to the timeout, as the engine's canary pool does, and
 * remembers it so that a test can assert that the runner closed it.
 */
final class TestCheckContext implements CheckRunner.Context {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final WemConfig.ClusterConnectionConfig cluster;
    private final ClusterInfo info;
    private final Duration timeout;
    private final Duration sessionStatementTimeout;
    private final List<Connection> opened = new ArrayList<>();

    private TestCheckContext(WemConfig.ClusterConnectionConfig cluster, ClusterInfo info, Duration timeout,
                             Duration sessionStatementTimeout) {
        this.cluster = cluster;
        this.info = info;
        this.timeout = timeout;
        this.sessionStatementTimeout = sessionStatementTimeout;
    }

    /** Returns a context for plain PostgreSQL as the {@code postgres} superuser, with the flavor detected. */
    static TestCheckContext postgres() throws SQLException {
        return postgres(TestPostgres.shared().getPort());
    }

    /** Returns a context for the WarehousePG emulation of release {@code major}, which must be installed first. */
    static TestCheckContext whpg(int major) throws SQLException {
        return whpg(major, TestPostgres.shared().getPort());
    }

    /** Returns a context for plain PostgreSQL on the test server at {@code port}. */
    static TestCheckContext postgres(int port) throws SQLException {
        return forCluster(config(port, TestPostgres.USER, Secret.NONE, "auto"));
    }

    /** Returns a context for the WarehousePG emulation of release {@code major} on the test server at {@code port}. */
    static TestCheckContext whpg(int major, int port) throws SQLException {
        return forCluster(config(port, "whpg" + major, new Secret(WhpgCatalogEmulation.PASSWORD), "whpg" + major));
    }

    static TestCheckContext forCluster(WemConfig.ClusterConnectionConfig cluster) throws SQLException {
        return new TestCheckContext(cluster, ClusterConnection.probe(cluster), DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    static WemConfig.ClusterConnectionConfig config(int port, String user, Secret password, String flavor) {
        return new WemConfig.ClusterConnectionConfig("127.0.0.1", port, TestPostgres.CLUSTER_DATABASE, user, password,
                "disable", flavor);
    }

    /** Returns a copy whose check timeout and session {@code statement_timeout} are both {@code newTimeout}. */
    TestCheckContext withTimeout(Duration newTimeout) {
        return new TestCheckContext(cluster, info, newTimeout, newTimeout);
    }

    /** Returns a copy whose sessions have no {@code statement_timeout}, so only the runner's own setting applies. */
    TestCheckContext withoutSessionStatementTimeout() {
        return new TestCheckContext(cluster, info, timeout, Duration.ZERO);
    }

    /** Returns a copy that connects to {@code port} instead, with the flavor information kept. */
    TestCheckContext withPort(int port) {
        WemConfig.ClusterConnectionConfig moved = new WemConfig.ClusterConnectionConfig(cluster.host(), port,
                cluster.database(), cluster.user(), cluster.password(), cluster.sslMode(), cluster.flavor());
        return new TestCheckContext(moved, info, timeout, sessionStatementTimeout);
    }

    @Override
    public synchronized Connection connection() throws SQLException {
        PGSimpleDataSource source = ClusterConnection.dataSource(cluster);
        source.setOptions("-c statement_timeout=" + sessionStatementTimeout.toMillis());
        Connection connection = source.getConnection();
        opened.add(connection);
        return connection;
    }

    @Override
    public ClusterInfo info() {
        return info;
    }

    @Override
    public WemConfig.ClusterConnectionConfig cluster() {
        return cluster;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    synchronized int connectionsOpened() {
        return opened.size();
    }

    synchronized int connectionsLeftOpen() throws SQLException {
        int open = 0;
        for (Connection connection : opened) {
            if (!connection.isClosed()) {
                open++;
            }
        }
        return open;
    }
}
