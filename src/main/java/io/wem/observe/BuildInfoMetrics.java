package io.wem.observe;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * Registers {@code wem_build_info}, always 1, with the version and build time as labels. It is a Prometheus info
 * metric registered directly, because Micrometer drops the {@code _info} suffix from a gauge's name.
 */
@Component
class BuildInfoMetrics {

    BuildInfoMetrics(PrometheusMeterRegistry registry, ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties == null ? "development" : properties.getVersion();
        String buildTime = properties == null || properties.getTime() == null ? "unknown" : properties.getTime().toString();
        Info info = Info.builder()
                .name("wem_build_info")
                .help("WEM build: always 1, with the version and build time as labels")
                .labelNames("version", "build_time", "java_version")
                .register(registry.getPrometheusRegistry());
        info.addLabelValues(version, buildTime, System.getProperty("java.version"));
    }
}
