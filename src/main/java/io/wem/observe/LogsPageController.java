package io.wem.observe;

import java.io.IOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import io.wem.access.RequiresPanel;
import io.wem.settings.ConnectionTester;
import io.wem.settings.SettingsStore;
import io.wem.web.TimeRange;
import io.wem.web.WemException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The Logs panel: a search form whose filters make a LogQL query (shown, and editable by hand), summary cards, a
 * table that loads further pages on request, CSV export and a live tail. Without a Loki URL in Settings the panel
 * names who can set it.
 */
@Controller
@RequiresPanel(ObservePanels.LOGS)
class LogsPageController {

    static final String PAGE = "observe/logs";
    static final String ROWS = "observe/logs :: rows";
    /** Rows of the table per page; the cards count the whole result up to the limit. */
    static final int PAGE_ROWS = 200;
    /** The same presets as the Metrics panel, so both panels offer the same ranges. */
    static final Map<String, Duration> RANGES = ObserveController.METRICS_RANGES;
    static final String DEFAULT_RANGE = "1h";

    private final SettingsStore settings;
    private final ConnectionTester tester;
    private final LogsService logs;
    private final LogTail tail;
    private final Clock clock;

    LogsPageController(SettingsStore settings, ConnectionTester tester, LogsService logs, LogTail tail, Clock clock) {
        this.settings = settings;
        this.tester = tester;
        this.logs = logs;
        this.tail = tail;
        this.clock = clock;
    }

    /** The form as read from a request: the range, the LogQL to run and the limit. */
    record Form(TimeRange range, LogSearch search, String query, int limit) {
    }

    @GetMapping("/logs")
    String page(@RequestParam MultiValueMap<String, String> parameters, Model model) {
        String url = settings.current().lokiUrl();
        model.addAttribute("url", url);
        model.addAttribute("ranges", RANGES.keySet());
        model.addAttribute("form", parameters.toSingleValueMap());
        model.addAttribute("range", parameters.getOrDefault("range", List.of(DEFAULT_RANGE)).get(0));
        model.addAttribute("severities", LogSearch.SEVERITIES);
        model.addAttribute("chosenSeverities", new LinkedHashSet<>(parameters.getOrDefault("severity", List.of())));

        if (url == null) {
            return PAGE;
        }
        ConnectionTester.Result status = tester.http(ConnectionTester.Target.LOKI, url);
        model.addAttribute("status", status);

        Form form;
        try {
            form = form(parameters);
        } catch (WemException e) {
            model.addAttribute("searchError", e.getMessage());
            return PAGE;
        }
        model.addAttribute("query", form.query());
        model.addAttribute("limit", form.limit());
        model.addAttribute("large", form.limit() > LogsService.LARGE_LIMIT);
        model.addAttribute("exportUrl", "/logs/export.csv" + queryString(parameters));
        model.addAttribute("tailUrl", "/api/v1/logs/tail?query=" + URLEncoder.encode(form.query(), StandardCharsets.UTF_8));

        if (!status.ok()) {
            return PAGE;
        }
        Map<String, List<String>> labelValues = new LinkedHashMap<>();
        for (String label : List.of("host", "segment", "database", "user")) {
            labelValues.put(label, logs.labels(label, nanos(form.range().from()), nanos(form.range().to())).values());
        }
        model.addAttribute("labelValues", labelValues);
        try {
            LogsService.Result result = logs.search(form.query(), nanos(form.range().from()), nanos(form.range().to()), form.limit(), PAGE_ROWS);
            model.addAttribute("result", result);
            model.addAttribute("rows", result.rows());
            model.addAttribute("moreUrl", moreUrl(parameters, result.nextBefore(), result.rows().size(), form.limit()));
        } catch (WemException e) {
            model.addAttribute("searchError", e.getMessage());
        }
        return PAGE;
    }

    /** The next page of rows, older than {@code before}, as table rows for htmx to append. */
    @GetMapping("/logs/rows")
    String rows(@RequestParam MultiValueMap<String, String> parameters, @RequestParam long before, @RequestParam int shown,
                Model model) {
        Form form = form(parameters);
        int rowsToRead = Math.min(PAGE_ROWS, form.limit() - shown);
        List<LogsService.LogLine> rows = rowsToRead <= 0 ? List.of()
                : logs.page(form.query(), nanos(form.range().from()), before, rowsToRead);
        model.addAttribute("rows", rows);
        model.addAttribute("fragmentOnly", true);
        Long next = rows.size() == rowsToRead && !rows.isEmpty() ? rows.get(rows.size() - 1).timeNanos() : null;
        model.addAttribute("moreUrl", moreUrl(parameters, next, shown + rows.size(), form.limit()));
        return ROWS;
    }

    @GetMapping("/logs/export.csv")
    void export(@RequestParam MultiValueMap<String, String> parameters, HttpServletResponse response) throws IOException {
        Form form = form(parameters);
        response.setContentType("text/csv; charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"logs.csv\"");
        Writer writer = response.getWriter();
        logs.exportCsv(form.query(), nanos(form.range().from()), nanos(form.range().to()), form.limit(), writer);
        writer.flush();
    }

    /** Streams the page's live tail, the same stream as the API's. */
    @GetMapping(path = "/logs/tail", produces = "text/event-stream")
    SseEmitter tail(@RequestParam String query, @RequestParam(required = false) Long since) {
        return tail.follow(query, since);
    }

    /**
     * Reads the form. The LogQL typed by hand wins when the form was sent with the "Run LogQL" button
     * ({@code mode=logql}); otherwise the filters make the query.
     */
    Form form(MultiValueMap<String, String> parameters) {
        Map<String, String> single = parameters.toSingleValueMap();
        TimeRange range = TimeRange.resolve(single.getOrDefault("range", DEFAULT_RANGE), single.get("from"), single.get("to"), RANGES,
                Duration.ofHours(1), clock.instant());
        Set<String> severities = new LinkedHashSet<>(parameters.getOrDefault("severity", List.of()));
        for (String severity : severities) {
            if (!LogSearch.SEVERITIES.contains(severity)) {
                throw WemException.invalid("severity", "severity must be among " + String.join(", ", LogSearch.SEVERITIES) + ", got '"
                        + severity + "'");
            }
        }
        LogSearch search = new LogSearch(severities, single.get("host"), single.get("segment"), single.get("database"),
                single.get("user"), single.get("q"));
        String logql = single.get("logql");
        String query = "logql".equals(single.get("mode")) && logql != null && !logql.isBlank() ? logql.strip() : search.logql();
        Integer limit;
        try {
            limit = single.get("limit") == null || single.get("limit").isBlank() ? null : Integer.valueOf(single.get("limit").strip());
        } catch (NumberFormatException e) {
            throw WemException.invalid("limit", "limit must be a whole number between 1 and " + LogsService.MAX_LIMIT + ", got '"
                    + single.get("limit") + "'");
        }
        return new Form(range, search, query, LogsService.validLimit(limit));
    }

    private static String moreUrl(MultiValueMap<String, String> parameters, Long before, int shown, int limit) {
        if (before == null || shown >= limit) {
            return null;
        }
        MultiValueMap<String, String> next = new org.springframework.util.LinkedMultiValueMap<>(parameters);
        next.remove("before");
        next.remove("shown");
        next.add("before", Long.toString(before));
        next.add("shown", Integer.toString(shown));
        return "/logs/rows" + queryString(next);
    }

    private static String queryString(MultiValueMap<String, String> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, values) -> values.forEach(value -> query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8))));
        return query.toString();
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
