package io.wem.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wem.access.Role;
import io.wem.access.SignedInUser;
import io.wem.settings.SettingsStore;
import io.wem.web.WemException;
import org.springframework.stereotype.Service;

/**
 * Builds the Metrics panel's charts from Prometheus range queries, and runs the range queries of the API. Every
 * request goes from WEM to Prometheus; the browser never talks to Prometheus.
 */
@Service
public class MetricsService {

    /** Prometheus refuses a range query of more than 11,000 points per series. */
    static final int PROMETHEUS_MAX_POINTS = 11_000;
    static final String NOT_CONFIGURED = "Prometheus is not configured. An Admin can set its URL in Management > Settings.";
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{(\\w+)}}");

    private final SettingsStore settings;
    private final PrometheusQueries prometheus;

    MetricsService(SettingsStore settings, PrometheusQueries prometheus) {
        this.settings = settings;
        this.prometheus = prometheus;
    }

    /** One named line of a chart, with a value (or null for a gap) at each of the chart's times. */
    public record Line(String name, List<Double> values) {
    }

    /**
     * A chart ready to draw: the evaluation times in epoch seconds, one line per series, the PromQL behind them, the
     * step in seconds, and the error of the first query that failed, if any.
     */
    public record ChartData(String id, String title, String unit, List<String> queries, long stepSeconds, List<Long> times,
                            List<Line> lines, String error) {
    }

    /** The raw series of an API range query. */
    public record RangeResult(String query, long start, long end, long stepSeconds, List<PrometheusQueries.Series> series) {
    }

    public ChartData chart(String chartId, String instance, Instant start, Instant end) {
        ChartCatalog.Chart chart = ChartCatalog.find(chartId)
                .orElseThrow(() -> WemException.notFound("No chart named '" + chartId + "'"));
        if (chart.scope() == ChartCatalog.Scope.HOST && (instance == null || instance.isBlank())) {
            throw WemException.invalid("instance", "instance is required for the host chart " + chartId);
        }
        Duration step = StepRule.step(start, end);
        Duration window = StepRule.rateWindow(step);
        List<String> queries = chart.series().stream()
                .map(series -> ChartCatalog.build(series.template(), instance, window)).toList();
        List<Long> times = new ArrayList<>();
        for (long t = start.getEpochSecond(); t <= end.getEpochSecond(); t += step.toSeconds()) {
            times.add(t);
        }
        String url = settings.current().prometheusUrl();
        if (url == null) {
            return new ChartData(chart.id(), chart.title(), chart.unit(), queries, step.toSeconds(), times, List.of(), NOT_CONFIGURED);
        }

        List<Line> lines = new ArrayList<>();
        String error = null;
        for (int i = 0; i < queries.size(); i++) {
            PrometheusQueries.Result result = prometheus.queryRange(url, queries.get(i), start, end, step);
            if (result.error() != null) {
                error = error == null ? result.error() : error;
                continue;
            }
            for (PrometheusQueries.Series series : result.series()) {
                lines.add(new Line(legend(chart.series().get(i).legend(), series), align(series, times)));
            }
        }
        return new ChartData(chart.id(), chart.title(), chart.unit(), queries, step.toSeconds(), times, lines, error);
    }

    /**
     * Runs a range query for the API. Admins may send any PromQL; other roles only the queries that the panel's
     * charts use, so a Viewer cannot read arbitrary series through WEM.
     */
    public RangeResult queryRange(SignedInUser user, String query, Instant start, Instant end, Duration step) {
        if (query == null || query.isBlank()) {
            throw WemException.invalid("query", "query is required: a PromQL expression");
        }
        if (user.role() != Role.ADMIN && !ChartCatalog.isBuilt(query.strip().replaceAll("\\s+", " "))) {
            throw WemException.forbidden("Only Admins may run PromQL that WEM's charts do not use; the query is not one of them");
        }

        if (!start.isBefore(end)) {
            throw WemException.invalid("start", "start must be before end");
        }
        if (step.isZero() || step.isNegative()) {
            throw WemException.invalid("step", "step must be a positive number of seconds");
        }
        long points = Duration.between(start, end).toSeconds() / step.toSeconds() + 1;
        if (points > PROMETHEUS_MAX_POINTS) {
            throw WemException.invalid("step", "step is too small for the range: " + points + " points per series, at most "
                    + PROMETHEUS_MAX_POINTS + "; use a step of at least "
                    + (Duration.between(start, end).toSeconds() / (PROMETHEUS_MAX_POINTS - 1) + 1) + " s");
        }

        String url = settings.current().prometheusUrl();
        if (url == null) {
            throw WemException.conflict(NOT_CONFIGURED);
        }
        PrometheusQueries.Result result = prometheus.queryRange(url, query.strip(), start, end, step);
        if (result.rejected()) {
            throw WemException.invalid("query", result.error());
        }
        if (result.error() != null) {
            throw new WemException(org.springframework.http.HttpStatus.BAD_GATEWAY, result.error(), null);
        }
        return new RangeResult(query.strip(), start.getEpochSecond(), end.getEpochSecond(), step.toSeconds(), result.series());
    }

    private static String legend(String legend, PrometheusQueries.Series series) {
        Matcher matcher = LEGEND_LABEL.matcher(legend);
        if (!matcher.find()) {
            return legend;
        }
        String value = series.labels().get(matcher.group(1));
        return value == null ? "(no " + matcher.group(1) + ")" : value;
    }

    /** Places a series' samples at the chart's times, with null where Prometheus returned no sample. */
    private static List<Double> align(PrometheusQueries.Series series, List<Long> times) {
        Map<Long, Double> byTime = new HashMap<>();
        for (int i = 0; i < series.times().size(); i++) {
            byTime.put(series.times().get(i), series.values().get(i));
        }
        List<Double> values = new ArrayList<>(times.size());
        for (Long time : times) {
            values.add(byTime.get(time));
        }
        return values;
    }
}
