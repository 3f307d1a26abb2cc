package io.wem.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wem.access.RequiresPanel;
import io.wem.web.TimeRange;
import io.wem.web.WemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The logs API, for the roles that see the Logs panel. Every call goes from WEM to Loki. */
@RestController
@RequestMapping("/api/v1/logs")
@RequiresPanel(ObservePanels.LOGS)
class LogsApiController {

    private final LogsService logs;
    private final LogTail tail;

    LogsApiController(LogsService logs, LogTail tail) {
        this.logs = logs;
        this.tail = tail;
    }

    /**
     * Runs a LogQL log query over {@code [start, end)} (ISO-8601 or epoch seconds or nanoseconds; default the last hour), newest first unless
     * {@code direction=forward}, returning at most {@code limit} lines (default 1000, at most 100000).
     */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> query(@RequestParam(required = false) String query, @RequestParam(required = false) String start,
                              @RequestParam(required = false) String end, @RequestParam(required = false) String limit,
                              @RequestParam(defaultValue = "backward") String direction) {
        if (query == null || query.isBlank()) {
            throw WemException.invalid("query", "query is required: a LogQL log query such as {severity=\"ERROR\"}");
        }
        if (!direction.equals("backward") && !direction.equals("forward")) {
            throw WemException.invalid("direction", "direction must be backward or forward, got '" + direction + "'");
        }
        Instant to = TimeRange.parseApiTime("end", end, Instant.now());
        Instant from = TimeRange.parseApiTime("start", start, to.minus(Duration.ofHours(1)));
        if (!from.isBefore(to)) {
            throw WemException.invalid("start", "start must be before end");
        }
        Integer requested;
        try {
            requested = limit == null || limit.isBlank() ? null : Integer.valueOf(limit.strip());
        } catch (NumberFormatException e) {
            throw WemException.invalid("limit", "limit must be a whole number between 1 and " + LogsService.MAX_LIMIT + ", got '" + limit + "'");
        }
        int max = LogsService.validLimit(requested);
        List<LogsService.LogLine> lines = logs.lines(query.strip(), LogsPageController.nanos(from), LogsPageController.nanos(to), max,
                direction.equals("forward"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query.strip());
        body.put("lines", lines);
        body.put("limitReached", lines.size() >= max);
        return body;
    }

    /** Streams new lines that match {@code query} as server-sent events named {@code line}, until the client disconnects. */
    @GetMapping(path = "/tail", produces = "text/event-stream")
    SseEmitter tail(@RequestParam(required = false) String query, @RequestParam(required = false) Long since) {
        if (query == null || query.isBlank()) {
            throw WemException.invalid("query", "query is required: a LogQL log query such as {severity=\"ERROR\"}");
        }
        return tail.follow(query.strip(), since);
    }

    /** Label names seen in the last hour, or with {@code name} the values of that label. */
    @GetMapping(path = "/labels", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> labels(@RequestParam(required = false) String name) {
        if (name != null && !name.isBlank() && !name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw WemException.invalid("name", "name must be a Loki label name: letters, digits and underscores, not starting with a digit;"
                    + " got '" + name + "'");
        }
        Instant now = Instant.now();
        LokiClient.Values values = logs.labels(name, LogsPageController.nanos(now.minus(Duration.ofHours(1))), LogsPageController.nanos(now));
        if (values.error() != null) {
            throw new WemException(HttpStatus.BAD_GATEWAY, values.error(), null);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (name != null && !name.isBlank()) {
            body.put("name", name);
            body.put("values", values.values());
        } else {
            body.put("labels", values.values());
        }
        return body;
    }
}
