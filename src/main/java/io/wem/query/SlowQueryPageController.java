package io.wem.query;

import java.io.IOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import io.wem.access.RequiresPanel;
import io.wem.web.TimeRange;
import io.wem.web.WemException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The Slow Queries panel: the collector's state, a filter form with time range presets, a chart of slow statements
 * per hour, the table with paging, a details page per statement and the CSV export of the filtered statements.
 */
@Controller
@RequiresPanel(QueryPanels.SLOW_PANEL)
class SlowQueryPageController {

    /** The time range presets of the form, in the order shown. */
    static final Map<String, Duration> RANGES = rangesInOrder();
    static final String DEFAULT_RANGE = "24h";

    private final SlowQueryService slowQueries;
    private final SlowQueryCollector collector;
    private final Clock clock;

    SlowQueryPageController(SlowQueryService slowQueries, SlowQueryCollector collector, Clock clock) {
        this.slowQueries = slowQueries;
        this.collector = collector;
        this.clock = clock;
    }

    private static Map<String, Duration> rangesInOrder() {
        Map<String, Duration> ranges = new LinkedHashMap<>();
        ranges.put("1h", Duration.ofHours(1));
        ranges.put("6h", Duration.ofHours(6));
        ranges.put("24h", Duration.ofHours(24));
        ranges.put("7d", Duration.ofDays(7));
        ranges.put("30d", Duration.ofDays(30));
        return ranges;
    }

    @GetMapping("/slow-queries")
    String page(@RequestParam Map<String, String> parameters, Model model) {
        model.addAttribute("status", collector.status());
        model.addAttribute("ranges", RANGES.keySet());
        model.addAttribute("form", parameters);
        model.addAttribute("range", parameters.getOrDefault("range", DEFAULT_RANGE));
        Map<String, String> withoutCursor = new LinkedHashMap<>(parameters);
        withoutCursor.remove("cursor");
        String query = queryString(withoutCursor);
        model.addAttribute("histogramUrl", "/slow-queries/histogram" + query);
        model.addAttribute("exportUrl", "/slow-queries/export.csv" + query);
        model.addAttribute("firstPageUrl", "/slow-queries" + query);
        try {
            SlowQueryFilter filter = filter(parameters);
            SlowQueryService.Page page = slowQueries.search(filter);
            model.addAttribute("filter", filter);
            model.addAttribute("page", page);
            if (page.nextCursor() != null) {
                Map<String, String> next = new LinkedHashMap<>(withoutCursor);
                next.put("cursor", page.nextCursor());
                model.addAttribute("nextPageUrl", "/slow-queries" + queryString(next));
            }
        } catch (WemException e) {
            model.addAttribute("filterError", e.getMessage());
        }
        return "queries/slow";
    }

    /** Encodes parameters as a query string with its leading '?', or returns "" for none. */
    private static String queryString(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)));
        return query.toString();
    }

    @GetMapping(path = "/slow-queries/histogram", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    SlowQueryService.Histogram histogram(@RequestParam Map<String, String> parameters) {
        return slowQueries.histogram(filter(parameters));
    }

    @GetMapping("/slow-queries/export.csv")
    void export(@RequestParam Map<String, String> parameters, HttpServletResponse response) throws IOException {
        SlowQueryFilter filter = filter(parameters);
        response.setContentType("text/csv; charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"slow-queries.csv\"");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer writer = response.getWriter();
        slowQueries.exportCsv(filter, writer);
        writer.flush();
    }

    @GetMapping("/slow-queries/{id}")
    String details(@PathVariable long id, Model model) {
        model.addAttribute("query", slowQueries.get(id));
        return "queries/slow-details";
    }

    /**
     * Reads the form: a preset range ending now, or a custom range in the server's time zone. The other fields pass
     * to the same validation as the API.
     */
    SlowQueryFilter filter(Map<String, String> parameters) {
        TimeRange range = TimeRange.resolve(parameters.getOrDefault("range", DEFAULT_RANGE), parameters.get("from"),
                parameters.get("to"), RANGES, Duration.ofHours(24), clock.instant());
        return slowQueries.filter(range.from().toString(), range.to().toString(), parameters.get("user"), parameters.get("database"),
                parameters.get("minDurationMs"), parameters.get("q"), "true".equals(parameters.get("includeOwn")),
                parameters.get("sort"), parameters.get("limit"),
                parameters.get("cursor"));
    }
}
