package io.wem.audit;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonRawValue;
import jakarta.servlet.http.HttpServletResponse;
import io.wem.access.Panel;
import io.wem.access.RequiresPanel;
import io.wem.web.WemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import tools.jackson.databind.json.JsonMapper;

/** Management > Audit Log and its API: search, export, verification and the event types. Admin-only. */
@Controller
@RequiresPanel(Panel.MANAGEMENT)
class AuditController {

    static final String PAGE = "management/audit";
    static final String VERIFY_FRAGMENT = "management/audit-verify :: result";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Map<String, Duration> PRESETS = Map.of(
            "24h", Duration.ofHours(24), "7d", Duration.ofDays(7), "30d", Duration.ofDays(30), "90d", Duration.ofDays(90));

    private final AuditService audit;
    private final AuditRetention retention;
    private final JsonMapper json;
    private final Clock clock;

    AuditController(AuditService audit, AuditRetention retention, JsonMapper json, Clock clock) {
        this.audit = audit;
        this.retention = retention;
        this.json = json;
        this.clock = clock;
    }

    /** An event as the API returns it; {@code details} is the stored JSON object, not a string. */
    record EventView(long id, long seq, Instant occurredAt, AuditEventType type, String typeLabel, Long actorId,
                     String actorUsername, String targetKind, String targetId, String targetName, String sourceIp,
                     String userAgent, AuditEvent.Outcome outcome, String reason, @JsonRawValue String details, String hash) {

        static EventView of(AuditEvent event) {
            return new EventView(event.id(), event.seq(), event.occurredAt(), event.type(), event.type().label(),
                    event.actorId(), event.actorUsername(), event.targetKind(), event.targetId(), event.targetName(),
                    event.sourceIp(), event.userAgent(), event.outcome(), event.reason(), event.details(), event.hash());
        }
    }

    record EventsResponse(List<EventView> events, String nextCursor, String previousCursor) {
    }

    record TypeView(String name, String label) {
    }

    @GetMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    EventsResponse search(@RequestParam(name = "type", required = false) List<String> types,
                          @RequestParam(required = false) String actor, @RequestParam(required = false) String target,
                          @RequestParam(required = false) String outcome, @RequestParam(required = false) String q,
                          @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                          @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        AuditQuery query = query(types, actor, target, outcome, q, instant("from", from), instant("to", to));
        AuditService.Page page = audit.search(query, AuditCursor.parse(cursor), limit(limit));
        return new EventsResponse(page.events().stream().map(EventView::of).toList(), page.nextCursor(), page.previousCursor());
    }

    @GetMapping(path = "/api/v1/audit/types", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, List<TypeView>> types() {
        return Map.of("types", Arrays.stream(AuditEventType.values()).map(type -> new TypeView(type.name(), type.label())).toList());
    }

    @GetMapping(path = "/api/v1/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    AuditService.Verification verify() {
        return audit.verify();
    }

    @GetMapping(path = "/api/v1/audit/export", produces = {"text/csv", "application/x-ndjson"})
    @ResponseBody
    void export(@RequestParam(defaultValue = "csv") String format,
                                                 @RequestParam(name = "type", required = false) List<String> types,
                                                 @RequestParam(required = false) String actor,
                                                 @RequestParam(required = false) String target,
                                                 @RequestParam(required = false) String outcome,
                                                 @RequestParam(required = false) String q,
                                                 @RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to,
                                                 HttpServletResponse response) throws IOException {
        if (!format.equals("csv") && !format.equals("jsonl")) {
            throw WemException.invalid("format", "format must be csv or jsonl, got '" + format + "'");
        }
        AuditQuery query = query(types, actor, target, outcome, q, instant("from", from), instant("to", to));
        writeExport(format, query, response);
    }

    @GetMapping("/management/audit")
    String page(@RequestParam(name = "type", required = false) List<String> types,
                @RequestParam(required = false) String actor, @RequestParam(required = false) String target,
                @RequestParam(required = false) String outcome, @RequestParam(required = false) String q,
                @RequestParam(defaultValue = "7d") String range,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("types", AuditEventType.values());
        model.addAttribute("selectedTypes", types == null ? List.of() : types);
        model.addAttribute("actor", actor == null ? "" : actor);
        model.addAttribute("target", target == null ? "" : target);
        model.addAttribute("outcome", outcome == null ? "" : outcome);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("range", range);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        model.addAttribute("chain", audit.chainState());
        model.addAttribute("retentionDays", retention.retention().toDays());
        model.addAttribute("zone", ZoneId.systemDefault());
        try {
            AuditQuery query = query(types, actor, target, outcome, q, rangeFrom(range, from), rangeTo(range, to));
            AuditService.Page page = audit.search(query, AuditCursor.parse(cursor), AuditService.DEFAULT_LIMIT);
            model.addAttribute("page", page);
        } catch (WemException e) {
            model.addAttribute("page", new AuditService.Page(List.of(), null, null));
            model.addAttribute("filterError", e.getMessage());
        }
        return PAGE;
    }

    @GetMapping("/management/audit/verify")
    String verifyFragment(Model model) {
        model.addAttribute("verification", audit.verify());
        return VERIFY_FRAGMENT;
    }

    @GetMapping("/management/audit/export")
    void exportPage(@RequestParam(defaultValue = "csv") String format,
                                                     @RequestParam(name = "type", required = false) List<String> types,
                                                     @RequestParam(required = false) String actor,
                                                     @RequestParam(required = false) String target,
                                                     @RequestParam(required = false) String outcome,
                                                     @RequestParam(required = false) String q,
                                                     @RequestParam(defaultValue = "7d") String range,
                                                     @RequestParam(required = false) String from,
                                                     @RequestParam(required = false) String to,
                                                     HttpServletResponse response) throws IOException {
        if (!format.equals("csv") && !format.equals("jsonl")) {
            throw WemException.invalid("format", "format must be csv or jsonl, got '" + format + "'");
        }
        writeExport(format, query(types, actor, target, outcome, q, rangeFrom(range, from), rangeTo(range, to)), response);
    }

    /** Streams the export into the response as rows are read, so memory use does not grow with the number of events. */
    private void writeExport(String format, AuditQuery query, HttpServletResponse response) throws IOException {
        String fileName = "wem-audit-" + filterSummary(query) + "-" + FILE_TIME.format(Instant.now(clock)) + "." + format;
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
        response.setContentType(format.equals("csv") ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
                64 * 1024);
        if (format.equals("csv")) {
            writer.write(AuditCsv.HEADER);
        }
        audit.export(query, event -> {
            try {
                writer.write(format.equals("csv") ? AuditCsv.row(event) : json.writeValueAsString(EventView.of(event)) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.flush();
    }

    private static AuditQuery query(List<String> types, String actor, String target, String outcome, String q,
                                    Instant from, Instant to) {
        List<AuditEventType> parsedTypes = new ArrayList<>();
        for (String type : types == null ? List.<String>of() : types) {
            if (type.isBlank()) {
                continue;
            }
            try {
                parsedTypes.add(AuditEventType.valueOf(type.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw WemException.invalid("type", "type '" + type + "' is not an audit event type; GET /api/v1/audit/types lists them");
            }
        }
        AuditEvent.Outcome parsedOutcome = null;
        if (outcome != null && !outcome.isBlank()) {
            try {
                parsedOutcome = AuditEvent.Outcome.valueOf(outcome.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw WemException.invalid("outcome", "outcome must be SUCCESS or FAILURE, got '" + outcome + "'");
            }
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw WemException.invalid("from", "from must be earlier than to");
        }
        return new AuditQuery(parsedTypes, actor, target, parsedOutcome, q, from, to);
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw WemException.invalid(field, field + " must be an ISO-8601 time in UTC such as 2026-12-01T00:00:00Z, got '" + value + "'");
        }
    }

    private Instant rangeFrom(String range, String from) {
        if (range.equals("custom")) {
            return local("from", from);
        }
        Duration preset = PRESETS.get(range);
        if (preset == null) {
            throw WemException.invalid("range", "range must be one of 24h, 7d, 30d, 90d or custom, got '" + range + "'");
        }
        return Instant.now(clock).minus(preset);
    }

    private Instant rangeTo(String range, String to) {
        return range.equals("custom") ? local("to", to) : null;
    }

    /** Parses a date and time from the page's inputs, which show the server's time zone. */
    private static Instant local(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw WemException.invalid(field, field + " must be a date and time such as 2026-12-01T08:00, got '" + value + "'");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return AuditService.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= AuditService.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Reported below with the allowed range.
        }
        throw WemException.invalid("limit", "limit must be a whole number from 1 to " + AuditService.MAX_LIMIT + ", got '" + value + "'");
    }

    /** Names the filter in the export's file name, for example {@code FAILED_LOGIN-actor-admin}, or {@code all}. */
    private static String filterSummary(AuditQuery query) {
        List<String> parts = new ArrayList<>();
        query.types().forEach(type -> parts.add(type.name()));
        if (query.actor() != null && !query.actor().isBlank()) {
            parts.add("actor-" + query.actor());
        }
        if (query.target() != null && !query.target().isBlank()) {
            parts.add("target-" + query.target());
        }
        if (query.outcome() != null) {
            parts.add(query.outcome().name());
        }
        if (query.text() != null && !query.text().isBlank()) {
            parts.add("q-" + query.text());
        }
        if (query.from() != null) {
            parts.add("from-" + FILE_TIME.format(query.from()));
        }
        if (query.to() != null) {
            parts.add("to-" + FILE_TIME.format(query.to()));
        }
        String summary = parts.isEmpty() ? "all" : String.join("-", parts).replaceAll("[^A-Za-z0-9_-]", "_");
        return summary.length() > 120 ? summary.substring(0, 120) : summary;
    }
}
