package io.wem.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.wem.config.WemConfig;
import io.wem.settings.SettingsStore;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The connection pool to the cluster's coordinator, and what WEM detected about it. The pool is small and
 * bounded. Every connection has a connect timeout, a socket timeout and a server-side statement timeout, so a
 * slow or hung cluster delays a page by seconds, not forever. The pool starts without connecting, so WEM
 * starts while the cluster is down, and new connections are opened on demand once it is back.
 */
@Component
public class ClusterConnection implements DisposableBean {

    static final int POOL_SIZE = 4;
    static final Duration CONNECTION_WAIT = Duration.ofSeconds(3);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern PRODUCT_VERSION = Pattern.compile("(?:WarehousePG|Greenplum Database) ([0-9][0-9A-Za-z.+_-]*)");
    private static final Logger log = LoggerFactory.getLogger(ClusterConnection.class);

    private final WemConfig.ClusterConnectionConfig config;
    private final HikariDataSource pool;
    private volatile ClusterInfo info;

    ClusterConnection(WemConfig config, SettingsStore settings) {
        // Settings saved after start-up wait for the next start, so the pool never switches clusters under a page.
        this.config = settings.startedWith().cluster(config.cluster().flavor());
        this.pool = new HikariDataSource(poolConfig(dataSource(this.config)));
    }

    /** Builds the driver's data source from separate properties, never a URL, so any character in a password works. */
    public static PGSimpleDataSource dataSource(WemConfig.ClusterConnectionConfig cluster) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {cluster.host()});
        source.setPortNumbers(new int[] {cluster.port()});
        source.setDatabaseName(cluster.database());
        source.setUser(cluster.user());
        source.setPassword(cluster.password().reveal());
        source.setSslmode(cluster.sslMode());
        source.setApplicationName("WEM");
        source.setConnectTimeout((int) CONNECT_TIMEOUT.toSeconds());
        source.setLoginTimeout((int) CONNECT_TIMEOUT.toSeconds());
        source.setSocketTimeout((int) SOCKET_TIMEOUT.toSeconds());
        source.setOptions("-c statement_timeout=" + STATEMENT_TIMEOUT.toMillis());
        return source;
    }

    private static HikariConfig poolConfig(PGSimpleDataSource source) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("wem-cluster");
        pool.setDataSource(source);
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        pool.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        pool.setInitializationFailTimeout(-1);
        pool.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        pool.setMaxLifetime(Duration.ofMinutes(10).toMillis());
        pool.setKeepaliveTime(Duration.ofMinutes(1).toMillis());
        return pool;
    }

    /** Returns a pooled connection, or raises {@link SQLException} within a few seconds when the cluster is unreachable. */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Returns the flavor and version, detecting them on the first call after a (re)connection. The cached value is
     * dropped by {@link #forgetInfo()} when the cluster goes away, since it may come back upgraded.
     */
    public ClusterInfo info(Connection connection) throws SQLException {
        ClusterInfo known = info;
        if (known == null) {
            known = detect(connection, config.flavor());
            info = known;
            log.info("Cluster at {}:{} is {} (server version {}{})", config.host(), config.port(),
                    known.displayName(), known.serverVersion(), known.emulated() ? ", flavor forced by WEM_CLUSTER_FLAVOR" : "");
        }
        return known;
    }

    /** Returns the flavor and version detected on the last connection, or null before the first detection. */
    public ClusterInfo cachedInfo() {
        return info;
    }

    public void forgetInfo() {
        info = null;
    }

    public WemConfig.ClusterConnectionConfig config() {
        return config;
    }

    /**
     * Opens one connection outside the pool with {@code candidate}, detects what it reaches and closes it. The
     * Settings tab tests values this way before they are saved; errors are the driver's, with their SQL state.
     */
    public static ClusterInfo probe(WemConfig.ClusterConnectionConfig candidate) throws SQLException {
        try (Connection connection = dataSource(candidate).getConnection()) {
            return detect(connection, candidate.flavor());
        }
    }

    static ClusterInfo detect(Connection connection, String forcedFlavor) throws SQLException {
        String version;
        int versionNumber;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version(), current_setting('server_version_num')")) {
            rows.next();
            version = rows.getString(1);
            versionNumber = Integer.parseInt(rows.getString(2));
        }
        String serverVersion = connection.getMetaData().getDatabaseProductVersion();

        if (!"auto".equals(forcedFlavor)) {
            return forced(forcedFlavor, serverVersion);
        }
        ClusterFlavor flavor = ClusterFlavor.fromVersionString(version);
        if (flavor == ClusterFlavor.POSTGRESQL) {
            return new ClusterInfo(flavor, versionNumber / 10000, serverVersion, false);
        }
        // WarehousePG and Greenplum 6 are PostgreSQL 9.4 (90400), 7 is PostgreSQL 12 (120000).
        int major = versionNumber >= 120000 ? 7 : 6;
        return new ClusterInfo(flavor, major, greenplumVersion(version, serverVersion), false);
    }

    private static ClusterInfo forced(String forcedFlavor, String serverVersion) {
        ClusterFlavor flavor = switch (forcedFlavor) {
            case "whpg6", "whpg7" -> ClusterFlavor.WAREHOUSEPG;
            case "greenplum6", "greenplum7" -> ClusterFlavor.GREENPLUM;
            default -> ClusterFlavor.POSTGRESQL;
        };
        int major = forcedFlavor.endsWith("6") ? 6 : forcedFlavor.endsWith("7") ? 7
                : Integer.parseInt(serverVersion.replaceAll("^(\\d+).*", "$1"));
        return new ClusterInfo(flavor, major, serverVersion, true);
    }

    /** Returns the product version from a string such as "... (Greenplum Database 6.26.0 build ...)", else the server version. */
    private static String greenplumVersion(String version, String fallback) {
        Matcher matcher = PRODUCT_VERSION.matcher(version);
        return matcher.find() ? matcher.group(1) : fallback;
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
