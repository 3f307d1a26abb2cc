package io.wem.cluster;

/** Catalog SQL of WEM's exporter that is the same on PostgreSQL, WarehousePG and Greenplum. */
public final class MetricsSql {

    /**
     * Databases that accept connections, with their size in bytes: columns {@code datname} and {@code size_bytes}.
     * On WarehousePG and Greenplum, {@code pg_database_size} on the coordinator adds up the size on every segment.
     */
    public static final String DATABASE_SIZES = """
            SELECT datname, pg_database_size(datname) AS size_bytes
            FROM pg_database
            WHERE datallowconn AND NOT datistemplate
            ORDER BY datname
            """;

    /** The coordinator's {@code max_connections}: one column {@code max_connections} (integer). */
    public static final String MAX_CONNECTIONS = "SELECT current_setting('max_connections')::integer AS max_connections";

    private MetricsSql() {
    }
}
