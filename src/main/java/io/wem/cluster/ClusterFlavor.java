package io.wem.cluster;

/** The kind of server WEM is connected to. Segments and {@code gp_*} catalogs exist on the two Greenplum lineages only. */
public enum ClusterFlavor {
    POSTGRESQL("PostgreSQL"),
    WAREHOUSEPG("WarehousePG"),
    GREENPLUM("Greenplum");

    private final String label;

    ClusterFlavor(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean hasSegments() {
        return this != POSTGRESQL;
    }

    /** Returns the flavor named in {@code version()}: WarehousePG and Greenplum name themselves there, PostgreSQL does not. */
    public static ClusterFlavor fromVersionString(String version) {
        if (version.contains("WarehousePG")) {
            return WAREHOUSEPG;
        }
        if (version.contains("Greenplum Database")) {
            return GREENPLUM;
        }
        return POSTGRESQL;
    }
}
