package io.wem.observe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The charts of the Metrics panel and the PromQL behind each of their series. Host charts read node_exporter's
 * series of one scrape target ({@code instance}); cluster charts read WEM's own series from {@code /prom/metrics}.
 * A template has two placeholders: {@code $instance}, replaced by the target as a PromQL string literal, and
 * {@code $window}, the range of {@code rate()} in seconds.
 */
final class ChartCatalog {

    /** Filesystems that hold no data of the cluster: memory-backed and container layers. */
    private static final String PSEUDO_FILESYSTEMS = "fstype!~\"tmpfs|ramfs|devtmpfs|overlay|squashfs|nsfs|autofs\"";

    enum Scope { HOST, CLUSTER }

    /**
     * One series: its PromQL template and its legend. A legend of the form {@code {{label}}} takes the value of that
     * label, so a query that returns several series (one per mount point, say) names each.
     */
    record SeriesQuery(String legend, String template) {
    }

    record Chart(String id, String title, String unit, Scope scope, List<SeriesQuery> series) {
    }

    static final List<Chart> CHARTS = List.of(
            new Chart("cpu", "CPU busy", "%", Scope.HOST, List.of(
                    new SeriesQuery("user", cpu("user")),
                    new SeriesQuery("system", cpu("system")))),
            new Chart("memory", "Memory used", "%", Scope.HOST, List.of(
                    new SeriesQuery("used", "100 * (1 - node_memory_MemAvailable_bytes{instance=$instance}"
                            + " / node_memory_MemTotal_bytes{instance=$instance})"))),
            new Chart("disk", "Disk read and write", "bytes/s", Scope.HOST, List.of(
                    new SeriesQuery("read", "sum(rate(node_disk_read_bytes_total{instance=$instance}[$window]))"),
                    new SeriesQuery("write", "sum(rate(node_disk_written_bytes_total{instance=$instance}[$window]))"))),
            new Chart("network", "Network receive and transmit", "bytes/s", Scope.HOST, List.of(
                    new SeriesQuery("receive", "sum(rate(node_network_receive_bytes_total{instance=$instance,device!=\"lo\"}[$window]))"),
                    new SeriesQuery("transmit", "sum(rate(node_network_transmit_bytes_total{instance=$instance,device!=\"lo\"}[$window]))"))),
            new Chart("load", "Load average", "", Scope.HOST, List.of(
                    new SeriesQuery("1 min", "node_load1{instance=$instance}"),
                    new SeriesQuery("5 min", "node_load5{instance=$instance}"),
                    new SeriesQuery("15 min", "node_load15{instance=$instance}"))),
            new Chart("filesystem", "Filesystem used", "%", Scope.HOST, List.of(
                    new SeriesQuery("{{mountpoint}}", "100 * (1 - node_filesystem_avail_bytes{instance=$instance," + PSEUDO_FILESYSTEMS
                            + "} / node_filesystem_size_bytes{instance=$instance," + PSEUDO_FILESYSTEMS + "})"))),
            new Chart("sessions", "Sessions by state", "sessions", Scope.CLUSTER, List.of(
                    new SeriesQuery("{{state}}", "sum by (state) (wem_sessions)"))),
            new Chart("queries", "Active and blocked queries", "queries", Scope.CLUSTER, List.of(
                    new SeriesQuery("active", "sum(wem_sessions{state=\"active\"})"),
                    new SeriesQuery("blocked", "sum(wem_sessions_blocked)"))),
            new Chart("canary", "Canary latency per check", "ms", Scope.CLUSTER, List.of(
                    new SeriesQuery("{{check_name}}", "max by (check_name) (wem_canary_duration_ms)"))));

    /** Every template as a pattern that any target and window match. */
    private static final List<Pattern> BUILT_QUERIES = CHARTS.stream()
            .flatMap(chart -> chart.series().stream())
            .map(series -> templatePattern(series.template()))
            .toList();

    private ChartCatalog() {
    }

    private static String cpu(String mode) {
        return "100 * sum(rate(node_cpu_seconds_total{instance=$instance,mode=\"" + mode + "\"}[$window]))"
                + " / count(node_cpu_seconds_total{instance=$instance,mode=\"idle\"})";
    }

    static Optional<Chart> find(String id) {
        return CHARTS.stream().filter(chart -> chart.id().equals(id)).findFirst();
    }

    /** Returns the PromQL of a series for one target and rate window. */
    static String build(String template, String instance, Duration window) {
        return template.replace("$instance", stringLiteral(instance == null ? "" : instance))
                .replace("$window", window.toSeconds() + "s");
    }

    /**
     * Returns whether {@code query} is one that WEM builds, for any target and window: the check behind the rule
     * that only Admins may run other PromQL through WEM.
     */
    static boolean isBuilt(String query) {
        return BUILT_QUERIES.stream().anyMatch(pattern -> pattern.matcher(query).matches());
    }

    private static Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        String[] parts = template.split("(?=\\$instance|\\$window)|(?<=\\$instance|\\$window)");
        for (String part : parts) {
            switch (part) {
                case "$instance" -> regex.append("\"(?:[^\"\\\\]|\\\\.)*\"");
                case "$window" -> regex.append("\\d+s");
                default -> regex.append(Pattern.quote(part));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Quotes a value as a PromQL double-quoted string, escaping backslashes, quotes and line breaks. */
    static String stringLiteral(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
