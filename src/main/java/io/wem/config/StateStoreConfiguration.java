package io.wem.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.wem.cluster.Identifiers;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * WEM's own state database: an H2 file under the data directory when {@code WEM_HOST} is unset, else PostgreSQL,
 * where WEM creates {@code WEM_DATABASE} when it is missing. Flyway migrates it at start-up.
 */
@Configuration(proxyBeanMethods = false)
public class StateStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StateStoreConfiguration.class);

    @Bean
    @Primary
    DataSource stateStoreDataSource(WemConfig config) throws Exception {
        return create(config);
    }

    /** Opens a pool to the state store; the offline commands use it without Spring. */
    public static HikariDataSource create(WemConfig config) throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("wem-state");
        pool.setMaximumPoolSize(10);
        pool.setConnectionTimeout(10_000);
        WemConfig.StateStoreConfig store = config.stateStore();
        if (store.isPostgres()) {
            createDatabaseIfMissing(store);
            pool.setDataSource(postgres(store, store.database()));
        } else {
            Path dataDir = config.dataDir();
            Files.createDirectories(dataDir);
            // Lazy execution lets H2 stream a large result, such as the audit export, instead of building it first.
            pool.setJdbcUrl("jdbc:h2:file:" + dataDir.resolve("wem").toAbsolutePath()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LAZY_QUERY_EXECUTION=TRUE");
            pool.setUsername("wem");
            pool.setPassword("");
        }
        return new HikariDataSource(pool);
    }

    static PGSimpleDataSource postgres(WemConfig.StateStoreConfig store, String database) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {store.host()});
        source.setPortNumbers(new int[] {store.port()});
        source.setDatabaseName(database);
        source.setUser(store.user());
        source.setPassword(store.password().reveal());
        source.setApplicationName("WEM state store");
        source.setConnectTimeout(10);
        return source;
    }

    private static void createDatabaseIfMissing(WemConfig.StateStoreConfig store) throws SQLException {
        try (Connection connection = postgres(store, "postgres").getConnection()) {
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, store.database());
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + Identifiers.quote(store.database()));
            }
            log.info("Created state database {} on {}:{}", store.database(), store.host(), store.port());
        }
    }
}
