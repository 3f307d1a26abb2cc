package io.wem.cluster;

/**
 * The flavor and version that WEM detected on the connected server. {@code majorVersion} is the flavor's own major version
 * (6 or 7 for WarehousePG and Greenplum, the PostgreSQL major version otherwise); {@code emulated} is true when
 * WEM_CLUSTER_FLAVOR forced the flavor rather than detecting it.
 */
public record ClusterInfo(ClusterFlavor flavor, int majorVersion, String serverVersion, boolean emulated) {

    public String displayName() {
        return flavor.label() + " " + majorVersion;
    }
}
