package io.wem.observe;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wem.access.RequiresPanel;
import io.wem.settings.ConnectionTester;
import io.wem.settings.SettingsStore;
import io.wem.web.TimeRange;
import io.wem.web.WemException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The Metrics panel. It needs Prometheus' URL from Settings: without one, the panel shows who can set it instead
 * of data. With one, it shows whether the server is ready, checked on every page load. The Metrics
 * panel then draws its charts in the browser from {@code /metrics/chart}, whose data WEM reads from Prometheus.
 */
@Controller
class ObserveController {

    static final String METRICS_PAGE = "observe/metrics";

    private final SettingsStore settings;
    private final ConnectionTester tester;
    /** The time range presets of the Metrics panel, in the order shown. */
    static final Map<String, Duration> METRICS_RANGES = metricsRanges();
    static final String DEFAULT_METRICS_RANGE = "1h";

    private final PrometheusHosts hosts;
    private final MetricsService metrics;
    private final Clock clock;

    ObserveController(SettingsStore settings, ConnectionTester tester, PrometheusHosts hosts, MetricsService metrics, Clock clock) {
        this.settings = settings;
        this.tester = tester;
        this.hosts = hosts;
        this.metrics = metrics;
        this.clock = clock;
    }

    private static Map<String, Duration> metricsRanges() {
        Map<String, Duration> ranges = new LinkedHashMap<>();
        ranges.put("15m", Duration.ofMinutes(15));
        ranges.put("1h", Duration.ofHours(1));
        ranges.put("6h", Duration.ofHours(6));
        ranges.put("24h", Duration.ofHours(24));
        ranges.put("7d", Duration.ofDays(7));
        return ranges;
    }

    @RequiresPanel(ObservePanels.METRICS)
    @GetMapping("/metrics")
    String metrics(@RequestParam Map<String, String> parameters, Model model) {
        String url = settings.current().prometheusUrl();
        model.addAttribute("url", url);
        model.addAttribute("ranges", METRICS_RANGES.keySet());
        model.addAttribute("form", parameters);
        model.addAttribute("range", parameters.getOrDefault("range", DEFAULT_METRICS_RANGE));
        if (url == null) {
            return METRICS_PAGE;
        }
        ConnectionTester.Result status = tester.http(ConnectionTester.Target.PROMETHEUS, url);
        model.addAttribute("status", status);
        if (!status.ok()) {
            return METRICS_PAGE;
        }
        TimeRange range;
        try {
            range = metricsRange(parameters);
        } catch (WemException e) {
            model.addAttribute("rangeError", e.getMessage());
            return METRICS_PAGE;
        }
        PrometheusHosts.Lookup lookup = hosts.hosts(url);
        String selected = parameters.getOrDefault("instance", "");
        List<PrometheusHosts.Host> shown = lookup.hosts().stream()
                .filter(host -> selected.isEmpty() || host.instance().equals(selected)).toList();
        model.addAttribute("hosts", lookup);
        model.addAttribute("shownHosts", shown);
        model.addAttribute("instance", selected);
        model.addAttribute("live", range.live());
        model.addAttribute("hostCharts", ChartCatalog.CHARTS.stream().filter(chart -> chart.scope() == ChartCatalog.Scope.HOST).toList());
        model.addAttribute("clusterCharts", ChartCatalog.CHARTS.stream().filter(chart -> chart.scope() == ChartCatalog.Scope.CLUSTER).toList());
        model.addAttribute("rangeQuery", rangeQuery(parameters));
        return METRICS_PAGE;
    }

    /**
     * Returns the data of one chart as JSON, for the page's script. The range is resolved again on each call, so a
     * preset moves with the clock.
     */
    @RequiresPanel(ObservePanels.METRICS)
    @GetMapping(path = "/metrics/chart", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    MetricsService.ChartData chart(@RequestParam Map<String, String> parameters) {
        TimeRange range = metricsRange(parameters);
        return metrics.chart(parameters.getOrDefault("chart", ""), parameters.get("instance"), range.from(), range.to());
    }

    private TimeRange metricsRange(Map<String, String> parameters) {
        return TimeRange.resolve(parameters.getOrDefault("range", DEFAULT_METRICS_RANGE), parameters.get("from"), parameters.get("to"),
                METRICS_RANGES, Duration.ofHours(1), clock.instant());
    }

    /** Encodes the range fields of the form as a query string, which each chart's data URL repeats. */
    private static String rangeQuery(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        for (String name : List.of("range", "from", "to")) {
            String value = parameters.get(name);
            if (value != null && !value.isBlank()) {
                query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }
}
